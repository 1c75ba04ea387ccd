import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { blobPath } from './support/blob-path';
import { usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { silentWav } from './support/wav-bytes';
import { waitFor } from './support/wait-for';

const ADMIN_KEY = 'admin-key-0123456789';

interface Letter {
  readonly messageId: string;
  readonly jobId: string | null;
  readonly code: string | null;
  readonly sourceQueue: string | null;
  readonly attempts: number | null;
}

interface HistoryEntry {
  readonly name: string;
  readonly attempt: number;
}

describe('retrying failed jobs and requeueing dead letters', () => {
  const platform = usePlatform({ api: { ADMIN_API_KEYS: ADMIN_KEY } });

  it('retries a FAILED job as a new attempt, and requeues dead letters (admin only)', async () => {
    const { api, env } = platform;
    const admin = new ApiClient(api.baseUrl, ADMIN_KEY);
    const history = async (id: string): Promise<HistoryEntry[]> =>
      (
        (await (await api.request('GET', `/v1/jobs/${id}/events`)).json()) as {
          events: HistoryEntry[];
        }
      ).events;
    const letters = async (): Promise<Letter[]> => {
      const res = await admin.request('GET', '/v1/admin/dead-letters?limit=100');
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: Letter[] }).items;
    };

    // A WAV whose data ends early (its header passes the upload check): the job fails
    // permanently (MALFORMED_WAV) and its command is dead-lettered.
    const junk = path.join(env.workDir, 'junk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const uploadId = await api.upload(junk);
    const job = await api.submit('detection.vad', { uploadId });
    expect((await api.waitForTerminal(job.id)).status).toBe('FAILED');
    const first = await waitFor('the dead letter of attempt 1', async () =>
      (await letters()).find((l) => l.jobId === job.id),
    );
    expect(first).toMatchObject({ code: 'MALFORMED_WAV', attempts: 1 });
    expect(first.sourceQueue).toContain('jobs.detection');
    expect((await api.request('GET', '/v1/admin/dead-letters')).status).toBe(403);

    // POST /retry: attempt 2, still broken, fails again.
    const retried = await api.request('POST', `/v1/jobs/${job.id}/retry`);
    expect(retried.status).toBe(202);
    expect((await retried.json()) as { status: string; attempt: number }).toMatchObject({
      status: 'QUEUED',
      attempt: 2,
    });
    await waitFor('attempt 2 to fail', async () => {
      const now = await api.job(job.id);
      return now.attempt === 2 && now.status === 'FAILED' ? now : undefined;
    });

    // Repair the upload, then requeue attempt 2's dead letter: it becomes attempt 3 and succeeds.
    const fixture = makeSpeechFixture(env.workDir, ['Third time lucky.'], [0.3, 0.3]);
    await copyFile(fixture.file, await blobPath(env.blobDir, uploadId));
    const second = await waitFor('the dead letter of attempt 2', async () =>
      (await letters()).find((l) => l.jobId === job.id && l.messageId !== first.messageId),
    );
    const requeued = await admin.request('POST', '/v1/admin/dead-letters/requeue', {
      messageId: second.messageId,
    });
    expect(requeued.status).toBe(200);
    expect(((await requeued.json()) as { requeued: Array<{ action: string }> }).requeued).toEqual([
      expect.objectContaining({ messageId: second.messageId, action: 'retried' }),
    ]);
    const done = await api.waitForTerminal(job.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 3 });

    // The history shows every attempt, each with exactly one outcome.
    const events = await history(job.id);
    for (const attempt of [1, 2, 3]) {
      const names = events.filter((e) => e.attempt === attempt).map((e) => e.name);
      expect(names).toContain('queued');
      expect(names.filter((n) => ['succeeded', 'failed'].includes(n))).toEqual([
        attempt === 3 ? 'succeeded' : 'failed',
      ]);
    }
    // A job that did not fail cannot be retried.
    const conflict = await api.request('POST', `/v1/jobs/${job.id}/retry`);
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { code: string }).code).toBe('JOB_NOT_FAILED');

    // Requeue all: attempt 1's old copy goes back to its queue and is ignored there (stale).
    const all = await admin.request('POST', '/v1/admin/dead-letters/requeue', {});
    expect(((await all.json()) as { requeued: Array<{ action: string }> }).requeued).toEqual([
      expect.objectContaining({ messageId: first.messageId, action: 'republished' }),
    ]);
    await waitFor('the dead-letter queue to be empty', async () =>
      (await letters()).length === 0 ? true : undefined,
    );
    expect(await api.job(job.id)).toMatchObject({ status: 'SUCCEEDED', attempt: 3 });
  });
});

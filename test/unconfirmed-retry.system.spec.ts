import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { topologyNames } from '@jobmill/contracts';
import type { TappedMessage } from './support/amqp-tap';
import { ApiClient } from './support/api-client';
import { blobPath } from './support/blob-path';
import { SWEEPER_ENV, startDoomedApi, useDoomedApiWorld } from './support/doomed-api.fixture';
import { exitOf, startService, TEST_API_KEY } from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { waitFor } from './support/wait-for';
import { silentWav } from './support/wav-bytes';

interface Command {
  readonly id: string;
  readonly subject: string;
  readonly attempt: number;
}

describe('the API killed between reopening a failed job for a retry and publishing it (SIGKILL)', () => {
  const world = useDoomedApiWorld(['status', 'detection-worker']);

  it('runs the retried attempt once: another API replica republishes its very command', async () => {
    const { env, proxy, tap, db, running } = world;
    // The doomed API speaks to the broker through the proxy, and waits long for its confirms.
    const doomed = await startDoomedApi(world);
    const client = new ApiClient(`http://127.0.0.1:${doomed.port}`, TEST_API_KEY);

    // A job that fails (its WAV ends early), then an upload repaired so that a retry succeeds.
    const junk = path.join(env.workDir, 'junk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const uploadId = await client.upload(junk);
    const job = await client.submit('detection.vad', { uploadId });
    expect(await client.waitForTerminal(job.id)).toMatchObject({ status: 'FAILED', attempt: 1 });
    const fixture = makeSpeechFixture(env.workDir, ['Second time lucky.'], [0.3, 0.3]);
    await copyFile(fixture.file, await blobPath(env.blobDir, uploadId));

    const commands: TappedMessage[] = await tap.tap(topologyNames(env.topologyPrefix).commands);
    proxy.hold();
    const answer = client
      .request('POST', `/v1/jobs/${job.id}/retry`)
      .then((res) => res.status)
      .catch(() => 'no answer');
    // Reopened (QUEUED, attempt 2) and its command sent into the proxy, which keeps it.
    await waitFor('the job to be reopened and its command sent', async () => {
      const { rows } = await db.query<{ status: string; attempt: number }>(
        'SELECT status, attempt FROM jobs WHERE id = $1',
        [job.id],
      );
      const reopened = rows[0]?.status === 'QUEUED' && rows[0].attempt === 2;
      return reopened && proxy.swallowedBytes > 0 ? true : undefined;
    });
    doomed.process.kill('SIGKILL');
    await exitOf(doomed);
    expect(await answer).toBe('no answer');
    expect(commands).toHaveLength(0);
    const { rows: outbox } = await db.query<{ message_id: string }>(
      'SELECT message_id FROM unconfirmed_commands WHERE job_id = $1 AND attempt = 2',
      [job.id],
    );

    const replica = await startService('api', env, SWEEPER_ENV);
    running.push(replica);
    const api = new ApiClient(`http://127.0.0.1:${replica.port}`, TEST_API_KEY);
    expect(await api.waitForTerminal(job.id, 60_000)).toMatchObject({
      status: 'SUCCEEDED',
      attempt: 2,
    });
    await waitFor('attempt 2’s history', async () =>
      (await api.events(job.id)).some((e) => e.attempt === 2 && e.name === 'succeeded')
        ? true
        : undefined,
    );
    const second = (await api.events(job.id)).filter((e) => e.attempt === 2).map((e) => e.name);
    expect(second.filter((n) => n === 'started')).toHaveLength(1);
    expect(second.filter((n) => ['succeeded', 'failed'].includes(n))).toEqual(['succeeded']);
    // One command for attempt 2 reached the broker: the one the dead API had recorded.
    const published = commands.map((m) => JSON.parse(m.content.toString()) as Command);
    expect(published.map((c) => [c.subject, c.attempt, c.id])).toEqual([
      [job.id, 2, outbox[0]?.message_id],
    ]);
    const { rows: left } = await db.query('SELECT 1 FROM unconfirmed_commands');
    expect(left).toHaveLength(0);
  });
});

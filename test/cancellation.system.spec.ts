import { readFile } from 'node:fs/promises';
import { ledgerOf } from './support/ledger';
import { usePlatform } from './support/platform-fixture';
import { waitFor } from './support/wait-for';
import { makeLongNoise } from './support/speech-fixture';

interface HistoryEntry {
  readonly name: string;
}

describe('cancellation (POST /v1/jobs/:id/cancel)', () => {
  // One worker thread: the second and third jobs wait in the queue behind the first.
  const platform = usePlatform({ 'processing-worker': { WORKER_CONCURRENCY: '1' } });

  const cancel = (id: string) => platform.api.request('POST', `/v1/jobs/${id}/cancel`);
  const history = async (id: string): Promise<string[]> => {
    const res = await platform.api.request('GET', `/v1/jobs/${id}/events`);
    return ((await res.json()) as { events: HistoryEntry[] }).events.map((e) => e.name);
  };
  const statusOf = async (id: string) => (await platform.api.job(id)).status;

  it('stops a running job within a second, never starts a queued one, frees the slot', async () => {
    const { api, env } = platform;
    // Minutes of 48 kHz stereo audio: normalising it takes far longer than this test waits.
    const file = makeLongNoise(env.workDir);
    const uploadId = await api.upload(file);
    const running = await api.submit('processing.normalize', { uploadId });
    const queued = await api.submit('processing.normalize', { uploadId });
    const next = await api.submit('processing.normalize', { uploadId });
    await waitFor('the first job to run', async () =>
      (await statusOf(running.id)) === 'RUNNING' ? true : undefined,
    );

    // A queued job: CANCELLED at once in the read model, and it never starts.
    const queuedRes = await cancel(queued.id);
    expect(queuedRes.status).toBe(202);
    expect(((await queuedRes.json()) as { status: string }).status).toBe('CANCELLED');

    // A running job: its thread is ended, the slot goes to the next job in the queue.
    const cancelledAt = Date.now();
    const runningRes = await cancel(running.id);
    expect(runningRes.status).toBe(202);
    expect(((await runningRes.json()) as { status: string }).status).toBe('CANCELLED');
    await waitFor(
      'the next job to take the freed slot',
      async () => ((await statusOf(next.id)) === 'RUNNING' ? true : undefined),
      20_000,
      50,
    );
    const slotFreedMs = Date.now() - cancelledAt;
    console.log(
      `[cancellation] the freed slot ran the next job ${slotFreedMs} ms after the cancel`,
    );
    // Within a second for the thread, plus the status projection's and this poll's latency.
    expect(slotFreedMs).toBeLessThan(5_000);

    // A terminal job cannot be cancelled again: 409 problem.
    const again = await cancel(running.id);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/problem\+json/);
    expect(((await again.json()) as { code: string }).code).toBe('JOB_FINISHED');
    expect((await cancel(next.id)).status).toBe(202);

    await waitFor('every history to hold its cancellation', async () => {
      const all = await Promise.all([running, queued, next].map((j) => history(j.id)));
      return all.every((names) => names.includes('cancelled')) ? all : undefined;
    });
    expect(await history(queued.id)).not.toContain('started');
    const ids = [running.id, queued.id, next.id];
    const ledger = await ledgerOf(api, ids, 'cancellation');
    expect(ledger).toMatchObject({ accepted: 3, completed: 3, lost: 0, duplicated: 0 });
    expect(ledger.byStatus).toEqual({ CANCELLED: 3 });
    // The worker heard the broadcast and ended the thread (not merely discarded the result).
    const log = await readFile(platform.services['processing-worker'].logFile, 'utf8');
    expect(log).toContain(`Cancelled running job ${running.id}`);
  });
});

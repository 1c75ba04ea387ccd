import { topologyNames } from '@jobmill/contracts';
import { AmqpTap, type TappedMessage } from './support/amqp-tap';
import { ledgerOf } from './support/ledger';
import { usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { waitFor } from './support/wait-for';

const JOBS = 12;

describe('duplicated commands and replayed events', () => {
  const platform = usePlatform({ 'detection-worker': { WORKER_CONCURRENCY: '2' } });
  let tap: AmqpTap;

  beforeAll(async () => {
    tap = await AmqpTap.open();
  });
  afterAll(async () => {
    await tap?.close();
  });

  const historyOf = async (id: string): Promise<string[]> => {
    const res = await platform.api.request('GET', `/v1/jobs/${id}/events`);
    return ((await res.json()) as { events: Array<{ name: string }> }).events.map((e) => e.name);
  };

  it('runs each job once with one outcome, whatever is published twice or replayed', async () => {
    const { api, env } = platform;
    const names = topologyNames(env.topologyPrefix);
    const commands = await tap.tap(names.commands);
    const events = await tap.tap(names.events);
    const fixture = makeSpeechFixture(env.workDir, ['Twice is once.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    const res = await api.request('POST', '/v1/jobs/batch', {
      jobs: Array.from({ length: JOBS }, () => ({ type: 'detection.vad', input: { uploadId } })),
    });
    expect(res.status).toBe(202);
    const ids = ((await res.json()) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id);
    await waitFor('the commands to be tapped', async () =>
      commands.length === JOBS ? true : undefined,
    );
    const originals = commands.slice(0, JOBS);
    // Every command published a second time while the first copies are being worked on.
    await tap.republish(originals);
    await Promise.all(ids.map((id) => api.waitForTerminal(id, 60_000)));

    // Then a replay: every event so far, again, and every command a third time (as after a
    // crash between finishing and acking: the recorded outcome is republished, not recomputed).
    const replayed: TappedMessage[] = [...events];
    const startedAt = Date.now();
    await tap.republish([...replayed, ...originals]);
    await waitFor('the worker queue to drain', async () =>
      (await tap.backlog(names.detectionQueue)) === 0 ? true : undefined,
    );
    // A marker job queued behind the replay: once it is projected, so is everything before it.
    const marker = await api.submit('detection.vad', { uploadId });
    await api.waitForTerminal(marker.id, 60_000);
    await waitFor('the status queue to drain', async () =>
      (await tap.backlog(names.statusQueue)) === 0 ? true : undefined,
    );
    console.log(
      `[duplicates] replayed ${replayed.length} events and ${JOBS} commands; settled in ${Date.now() - startedAt} ms`,
    );
    // The copies were absorbed by the inbox, not refused: nothing was dead-lettered.
    expect(await tap.backlog(names.deadLetterQueue)).toBe(0);
    const histories = await Promise.all(ids.map(historyOf));
    for (const names of histories) {
      // One run per job: one started, one terminal event.
      expect(names.filter((n) => n === 'started')).toHaveLength(1);
      expect(names.filter((n) => ['succeeded', 'failed', 'cancelled'].includes(n))).toEqual([
        'succeeded',
      ]);
    }
    const ledger = await ledgerOf(api, ids, 'duplicates');
    expect(ledger).toMatchObject({ accepted: JOBS, completed: JOBS, lost: 0, duplicated: 0 });
    expect(ledger.byStatus).toEqual({ SUCCEEDED: JOBS });
  });
});

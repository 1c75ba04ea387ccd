import { topologyNames } from '@jobmill/contracts';
import type { TappedMessage } from './support/amqp-tap';
import { ApiClient } from './support/api-client';
import { SWEEPER_ENV, startDoomedApi, useDoomedApiWorld } from './support/doomed-api.fixture';
import { ledgerOf } from './support/ledger';
import { exitOf, startService, TEST_API_KEY } from './support/platform-processes';
import { waitFor } from './support/wait-for';

const BATCH = 200;
/** A few ms of work, so that each job's started and succeeded events never share a timestamp. */
const PING = { durationMs: 20 };

describe('the API killed between recording jobs and publishing their commands (SIGKILL)', () => {
  const world = useDoomedApiWorld(['status', 'detection-worker']);

  const count = async (sql: string): Promise<number> =>
    Number(((await world.db.query<{ n: string }>(sql)).rows[0] as { n: string }).n);

  it('runs every recorded job exactly once: another API replica republishes the commands', async () => {
    const { env, proxy, tap, db, running } = world;
    // The doomed API speaks to the broker through the proxy, and waits long for its confirms.
    const doomed = await startDoomedApi(world);
    const commands: TappedMessage[] = await tap.tap(topologyNames(env.topologyPrefix).commands);
    const client = new ApiClient(`http://127.0.0.1:${doomed.port}`, TEST_API_KEY);

    proxy.hold();
    const answers = [
      client.request('POST', '/v1/jobs', { type: 'system.ping', input: PING }),
      client.request('POST', '/v1/jobs/batch', {
        jobs: Array.from({ length: BATCH }, () => ({ type: 'system.ping', input: PING })),
      }),
    ].map((answer) => answer.then((res) => res.status).catch(() => 'no answer'));
    // Recorded (rows and outbox), and published into the proxy, which keeps it from the broker.
    await waitFor(
      'the jobs to be recorded and their commands sent',
      async () =>
        (await count('SELECT count(*) AS n FROM unconfirmed_commands')) === BATCH + 1 &&
        proxy.swallowedBytes > 0
          ? true
          : undefined,
      30_000,
    );
    doomed.process.kill('SIGKILL');
    await exitOf(doomed);
    expect(await Promise.all(answers)).toEqual(['no answer', 'no answer']);
    expect(await count(`SELECT count(*) AS n FROM jobs WHERE status = 'QUEUED'`)).toBe(BATCH + 1);
    expect(commands).toHaveLength(0);

    // Two replicas come up; both sweep, neither takes what the other claimed.
    const replicas = await Promise.all([
      startService('api', env, SWEEPER_ENV),
      startService('api', env, SWEEPER_ENV),
    ]);
    running.push(...replicas);
    const api = new ApiClient(`http://127.0.0.1:${replicas[0]?.port}`, TEST_API_KEY);
    const ids = (await db.query<{ id: string }>('SELECT id FROM jobs')).rows.map((r) => r.id);
    await Promise.all(ids.map((id) => api.waitForTerminal(id, 90_000)));
    // A job's state can be ahead of its history: the events travel in separate batches.
    await waitFor('every history to be complete', async () =>
      (await count(`SELECT count(*) AS n FROM job_events WHERE name = 'started'`)) >= ids.length
        ? true
        : undefined,
    );

    const ledger = await ledgerOf(api, ids, 'unconfirmed-publish');
    expect(ledger).toMatchObject({ accepted: BATCH + 1, completed: BATCH + 1, lost: 0 });
    expect(ledger).toMatchObject({ duplicated: 0, restarted: 0, startedThenTerminal: BATCH + 1 });
    expect(ledger.byStatus).toEqual({ SUCCEEDED: BATCH + 1 });
    // Each command reached the broker once: the held one never did, the replicas did not race.
    const published = commands.map(
      (m) => (JSON.parse(m.content.toString()) as { subject: string }).subject,
    );
    expect(published.sort()).toEqual([...ids].sort());
    expect(await count('SELECT count(*) AS n FROM unconfirmed_commands')).toBe(0);
    console.log(
      `[unconfirmed-publish] ${ids.length} orphaned jobs republished once each by 2 replicas; the proxy swallowed ${proxy.swallowedBytes} bytes of the doomed API's attempt`,
    );
  });
});

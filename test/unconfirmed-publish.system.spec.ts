import { Client } from 'pg';
import { topologyNames } from '@jobmill/contracts';
import { AmqpTap, type TappedMessage } from './support/amqp-tap';
import { ApiClient } from './support/api-client';
import { HoldingProxy } from './support/holding-proxy';
import { ledgerOf } from './support/ledger';
import {
  exitOf,
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { AMQP_URL, createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

const BATCH = 200;
/** A few ms of work, so that each job's started and succeeded events never share a timestamp. */
const PING = { durationMs: 20 };
/** The replicas that take over: short periods, so that the test waits seconds, not a minute. */
const SWEEPER_ENV = {
  PUBLISH_TIMEOUT_MS: '2000',
  REPUBLISH_AFTER_MS: '5000',
  REPUBLISH_INTERVAL_MS: '300',
};

describe('the API killed between recording jobs and publishing their commands (SIGKILL)', () => {
  let env: TestEnvironment;
  let proxy: HoldingProxy;
  let tap: AmqpTap;
  let db: Client;
  const running: RunningService[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    proxy = await HoldingProxy.start({ host: '127.0.0.1', port: Number(new URL(AMQP_URL).port) });
    running.push(await startService('status', env), await startService('detection-worker', env));
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    tap = await AmqpTap.open();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await tap?.close();
    await db?.end();
    await proxy?.close();
    await env?.dispose();
  }, 60_000);

  const count = async (sql: string): Promise<number> =>
    Number(((await db.query<{ n: string }>(sql)).rows[0] as { n: string }).n);

  it('runs every recorded job exactly once: another API replica republishes the commands', async () => {
    // The doomed API speaks to the broker through the proxy, and waits long for its confirms.
    const doomed = await startService('api', env, {
      AMQP_URL: proxy.urlFor(AMQP_URL),
      PUBLISH_TIMEOUT_MS: '30000',
      REPUBLISH_AFTER_MS: '120000',
    });
    running.push(doomed);
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

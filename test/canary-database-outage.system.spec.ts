import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { canaryFiguresWhen } from './support/canary-metrics';
import { startService, stopService, type RunningService } from './support/platform-processes';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

// The canary through a PostgreSQL outage (a private cluster, stopped for a few seconds): its
// probes end refused or timed_out while the database is away, every one of them counted, and
// it succeeds again once the database is back. The detection worker is stopped first, so a
// probe is still waiting for its job when the database goes: its reads fail, and it must still
// end timed_out rather than drop out uncounted.

const CANARY = { CANARY_INTERVAL_MS: '200', CANARY_TIMEOUT_MS: '2000' };
const OUTAGE_MS = 6_000;

describe('the canary while PostgreSQL is stopped (a private cluster)', () => {
  let pg: PrivatePostgres;
  let env: TestEnvironment;
  const running: RunningService[] = [];
  let extra: Record<string, string>;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    env = await createTestEnvironment();
    extra = { DATABASE_URL: await pg.createDatabase('jobmill_canary') };
    running.push(await startService('api', env, { ...extra, ...CANARY }));
    for (const name of ['status', 'detection-worker'] as const)
      running.push(await startService(name, env, extra));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await pg?.remove();
    await env?.dispose();
  }, 60_000);

  it('counts every probe of the outage as not succeeded, and succeeds again after it', async () => {
    const api = running[0] as RunningService;
    const up = await canaryFiguresWhen(api.port, 'a canary success', (f) => f.succeeded >= 1);

    await stopService(running.pop() as RunningService);
    await sleep(500);
    await pg.stop();
    const stoppedAt = Date.now();
    const during = await canaryFiguresWhen(
      api.port,
      'a probe timed out and one refused during the outage',
      (f) => f.timedOut > up.timedOut && f.refused > up.refused,
    );
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
    await pg.start();
    running.push(await startService('detection-worker', env, extra));

    const back = await canaryFiguresWhen(
      api.port,
      'a canary success after the outage',
      (f) => f.succeeded > during.succeeded && f.lastSuccessMs > stoppedAt,
      60_000,
    );
    expect(back.failed).toBe(0);
    // Every probe ended with an outcome: none dropped out as a failed round.
    expect(await readFile(api.logFile, 'utf8')).not.toContain('Canary probe failed');
  });
});

import { ApiClient, type JobBody } from './support/api-client';
import { canaryFiguresWhen } from './support/canary-metrics';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

// What the canary is for: the detection workers killed (SIGKILL), every remaining service
// still healthy, and the canary notices; a worker back, it succeeds again and the jobs of the
// probes that timed out run too. Its tenant is the test tenant's here, so the test can list them.

const CANARY = { CANARY_INTERVAL_MS: '200', CANARY_TIMEOUT_MS: '1000', CANARY_TENANT: 'acme' };

describe('the canary while no detection worker runs', () => {
  let env: TestEnvironment;
  const running: RunningService[] = [];
  let rest: ApiClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    running.push(await startService('api', env, CANARY), await startService('status', env));
    rest = new ApiClient(`http://127.0.0.1:${running[0]?.port}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  /** The tenant's system.ping jobs: the canary's (a few dozen at most here). */
  const pings = async (): Promise<JobBody[]> => {
    const res = await rest.request('GET', '/v1/jobs?type=system.ping&limit=100');
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: JobBody[] }).items;
  };

  it('times out and stops its last success, then succeeds again and loses no job', async () => {
    const port = (running[0] as RunningService).port;
    const worker = await startService('detection-worker', env);
    running.push(worker);
    // Probes made before the worker was up time out too: count from the first success.
    const up = await canaryFiguresWhen(port, 'a canary success', (f) => f.succeeded >= 1);

    worker.process.kill('SIGKILL');
    const down = await canaryFiguresWhen(
      port,
      'two probes timed out after the kill',
      (f) => f.timedOut >= up.timedOut + 2,
    );
    const later = await canaryFiguresWhen(
      port,
      'two more probes timed out',
      (f) => f.timedOut >= down.timedOut + 2,
    );
    // Nothing succeeded meanwhile, and the API went on accepting: only timeouts.
    expect(later).toMatchObject({
      succeeded: down.succeeded,
      lastSuccessMs: down.lastSuccessMs,
      failed: 0,
      refused: 0,
    });
    expect((await rest.request('GET', '/health/ready')).status).toBe(200);

    const waiting = (await pings()).filter((job) => job.status !== 'SUCCEEDED');
    expect(waiting.length).toBeGreaterThanOrEqual(later.timedOut - up.timedOut);
    running.push(await startService('detection-worker', env));
    const back = await canaryFiguresWhen(
      port,
      'a canary success with a worker back',
      (f) => f.succeeded > later.succeeded,
    );
    expect(back.lastSuccessMs).toBeGreaterThan(later.lastSuccessMs);
    await waitFor('every job of a timed-out probe to succeed', async () => {
      const done = new Set(
        (await pings()).filter((j) => j.status === 'SUCCEEDED').map((j) => j.id),
      );
      return waiting.every((job) => done.has(job.id)) ? true : undefined;
    });
  });
});

import { readFile } from 'node:fs/promises';
import { topologyNames } from '@jobmill/contracts';
import { AmqpTap } from './support/amqp-tap';
import { ApiClient } from './support/api-client';
import { ledgerOf } from './support/ledger';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { makeLongNoise } from './support/speech-fixture';

const WORKER_ENV = { WORKER_CONCURRENCY: '1', SHUTDOWN_GRACE_MS: '2000', JOB_LEASE_MS: '3000' };

describe('graceful shutdown (SIGTERM) and stalled-job detection (SIGKILL)', () => {
  let env: TestEnvironment;
  let tap: AmqpTap;
  const running: RunningService[] = [];
  let api: ApiClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    running.push(await startService('api', env), await startService('status', env));
    api = new ApiClient(`http://127.0.0.1:${running[0]?.port ?? 0}`, TEST_API_KEY);
    tap = await AmqpTap.open();
  }, 120_000);

  afterAll(async () => {
    await tap?.close();
    await Promise.all(running.map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  const startedCount = async (id: string): Promise<number> => {
    const res = await api.request('GET', `/v1/jobs/${id}/events`);
    return ((await res.json()) as { events: Array<{ name: string }> }).events.filter(
      (e) => e.name === 'started',
    ).length;
  };
  const worker = async () => {
    const service = await startService('processing-worker', env, WORKER_ENV);
    running.push(service);
    return service;
  };

  it('requeues a running job on SIGTERM, shows it stalled after a SIGKILL, loses nothing', async () => {
    const names = topologyNames(env.topologyPrefix);
    // Twelve minutes of audio: normalising it must outlast the grace period plus the time the
    // read model takes to show it started, even on the fastest host (240 s took about 2 s).
    const file = makeLongNoise(env.workDir, 720);
    const uploadId = await api.upload(file);
    const first = await worker();
    const job = await api.submit('processing.normalize', { uploadId });
    await waitFor('the job to run', async () =>
      (await startedCount(job.id)) === 1 ? true : undefined,
    );

    // SIGTERM: stop taking messages, wait the grace period, put the running job back, exit 0.
    const termAt = Date.now();
    const code = await stopService(first, 20_000);
    const shutdownMs = Date.now() - termAt;
    expect(code).toBe(0);
    expect(shutdownMs).toBeLessThan(15_000);
    expect(await readFile(first.logFile, 'utf8')).toContain('go back to the queue');
    await waitFor('the job to be back in its queue', async () =>
      (await tap.backlog(names.processingQueue)) === 1 ? true : undefined,
    );

    // A second worker takes it; SIGKILL it: the lease lapses and the job shows as stalled.
    const second = await worker();
    await waitFor('the second worker to run it', async () =>
      (await startedCount(job.id)) === 2 ? true : undefined,
    );
    second.process.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      'the job to be shown stalled',
      async () => {
        const body = await api.job(job.id);
        return body.status === 'RUNNING' && body.stalled ? true : undefined;
      },
      30_000,
      200,
    );
    const stalledAfterMs = Date.now() - killedAt;

    // The redelivery picks it up: running again, no longer stalled.
    await worker();
    await waitFor('a third worker to take it over', async () => {
      const body = await api.job(job.id);
      return (await startedCount(job.id)) === 3 && !body.stalled ? true : undefined;
    });
    console.log(
      `[shutdown-and-stall] SIGTERM exit in ${shutdownMs} ms (grace 2000 ms); stalled shown ${stalledAfterMs} ms after SIGKILL (lease 3000 ms)`,
    );

    // End it quickly, then check the ledger and that api and status also shut down cleanly.
    expect((await api.request('POST', `/v1/jobs/${job.id}/cancel`)).status).toBe(202);
    await waitFor('the history to record the cancellation', async () => {
      const res = await api.request('GET', `/v1/jobs/${job.id}/events`);
      const events = ((await res.json()) as { events: Array<{ name: string }> }).events;
      return events.some((e) => e.name === 'cancelled') ? true : undefined;
    });
    const ledger = await ledgerOf(api, [job.id], 'shutdown-and-stall');
    expect(ledger).toMatchObject({ accepted: 1, completed: 1, lost: 0, duplicated: 0 });
    const alive = running.filter(
      (s) => s.process.exitCode === null && s.process.signalCode === null,
    );
    expect(await Promise.all(alive.map((s) => stopService(s)))).toEqual(alive.map(() => 0));
  });
});

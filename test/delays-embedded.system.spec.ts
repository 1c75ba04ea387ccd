import type { JobBody } from './support/api-client';
import { apiOf, startEmbedded } from './support/embedded-process';
import { exitOf, stopService, type RunningService } from './support/platform-processes';
import { createEmbeddedEnvironment, type EmbeddedEnvironment } from './support/test-environment';

type TimedJob = JobBody & { readonly runAt: string | null; readonly startedAt: string | null };

describe('embedded mode: a delayed job across a crash of the one process', () => {
  let env: EmbeddedEnvironment;
  const started: RunningService[] = [];

  beforeAll(async () => {
    env = await createEmbeddedEnvironment();
  });

  afterAll(async () => {
    await Promise.all(started.map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  it('keeps it PENDING through the restart (the recovery does not start it early), then runs it', async () => {
    const first = await startEmbedded(env, {});
    started.push(first);
    const res = await apiOf(first).request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      delayMs: 20_000,
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as TimedJob;
    first.process.kill('SIGKILL');
    await exitOf(first);

    const second = await startEmbedded(env, {});
    started.push(second);
    const api = apiOf(second);
    const afterStart = (await api.job(job.id)) as TimedJob;
    // Started again well before its time: the start-up recovery left it alone.
    expect(Date.now()).toBeLessThan(Date.parse(job.runAt ?? ''));
    expect(afterStart.status).toBe('PENDING');

    const done = (await api.waitForTerminal(job.id, 60_000)) as TimedJob;
    expect(done.status).toBe('SUCCEEDED');
    const lateness = Date.parse(done.startedAt ?? '') - Date.parse(job.runAt ?? '');
    console.log(`[delays] embedded, after a crash: started ${lateness} ms after its runAt`);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1000);
    expect((await api.events(job.id)).filter((e) => e.name === 'started')).toHaveLength(1);
  });
});

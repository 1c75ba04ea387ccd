import { ApiClient, type JobBody } from './support/api-client';
import {
  exitOf,
  startPlatform,
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

type TimedJob = JobBody & { readonly runAt: string | null; readonly startedAt: string | null };

describe('delayed and scheduled jobs across instances and restarts (distributed)', () => {
  let env: TestEnvironment;
  const running: RunningService[] = [];

  const startAll = async (): Promise<ApiClient> => {
    const services = await startPlatform(env);
    running.push(...Object.values(services));
    return new ApiClient(`http://127.0.0.1:${services.api.port}`, TEST_API_KEY);
  };
  const killAll = async (): Promise<void> => {
    const alive = running.splice(0);
    for (const s of alive) s.process.kill('SIGKILL');
    await Promise.all(alive.map((s) => exitOf(s)));
  };
  const runsOf = async (api: ApiClient, scheduleId: string): Promise<TimedJob[]> => {
    const res = await api.request('GET', `/v1/jobs?scheduleId=${scheduleId}&limit=100`);
    return ((await res.json()) as { items: TimedJob[] }).items;
  };
  const createSchedule = async (api: ApiClient, cron: string): Promise<string> => {
    const res = await api.request('POST', '/v1/schedules', {
      cron,
      job: { type: 'system.ping', input: {} },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  it('makes exactly one job per tick of a 1-second schedule with two API instances', async () => {
    const api = await startAll();
    const second = await startService('api', env);
    running.push(second);
    const scheduleId = await createSchedule(api, '* * * * * *');
    const runs = await waitFor(
      'six runs to succeed',
      async () => {
        const all = await runsOf(api, scheduleId);
        return all.filter((j) => j.status === 'SUCCEEDED').length >= 6 ? all : undefined;
      },
      30_000,
      200,
    );
    expect((await api.request('DELETE', `/v1/schedules/${scheduleId}`)).status).toBe(204);
    const ticks = runs.map((j) => Date.parse(j.runAt ?? '')).sort((a, b) => a - b);
    console.log(
      `[delays] ${ticks.length} runs for ticks ${ticks.map((t) => new Date(t).toISOString().slice(17, 23)).join(', ')}`,
    );
    // One job per tick: no tick twice, and none skipped.
    for (let i = 1; i < ticks.length; i += 1)
      expect((ticks[i] ?? 0) - (ticks[i - 1] ?? 0)).toBe(1000);
    await stopService(second);
    running.splice(running.indexOf(second), 1);
  });

  it('runs a delayed job after every service was killed and started again; a schedule goes on', async () => {
    let api =
      running.length > 0
        ? new ApiClient(
            `http://127.0.0.1:${running.find((s) => s.name === 'api')?.port}`,
            TEST_API_KEY,
          )
        : await startAll();
    const res = await api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      delayMs: 6000,
    });
    expect(res.status).toBe(202);
    const delayed = (await res.json()) as TimedJob;
    const scheduleId = await createSchedule(api, '* * * * * *');
    await waitFor('a first scheduled run', async () =>
      (await runsOf(api, scheduleId)).length > 0 ? true : undefined,
    );

    await killAll();
    const downAt = Date.now();
    // Down for three ticks of the schedule.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    api = await startAll();
    const upAt = Date.now();

    const done = (await api.waitForTerminal(delayed.id, 60_000)) as TimedJob;
    expect(done.status).toBe('SUCCEEDED');
    expect(Date.parse(done.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(delayed.runAt ?? ''),
    );

    await waitFor('a scheduled run after the restart', async () =>
      (await runsOf(api, scheduleId)).some((j) => Date.parse(j.runAt ?? '') > upAt)
        ? true
        : undefined,
    );
    expect((await api.request('DELETE', `/v1/schedules/${scheduleId}`)).status).toBe(204);
    // The ticks missed while everything was down made one job, not one each.
    const missed = (await runsOf(api, scheduleId)).filter((j) => {
      const at = Date.parse(j.runAt ?? '');
      return at > downAt + 1000 && at < upAt - 1000;
    });
    expect(missed.length).toBeLessThanOrEqual(1);
  });
});

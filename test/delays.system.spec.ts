import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { OTHER_TENANT_KEY, TEST_API_KEY } from './support/platform-processes';
import { ApiClient, type JobBody } from './support/api-client';
import { usePlatform } from './support/platform-fixture';
import { waitFor } from './support/wait-for';

/** A job with the fields delayed and scheduled jobs add. */
type TimedJob = JobBody & {
  readonly runAt: string | null;
  readonly scheduleId: string | null;
  readonly startedAt: string | null;
};

interface ScheduleBody {
  readonly id: string;
  readonly nextRunAt: string | null;
  readonly lastRunAt: string | null;
}

describe('delayed and recurring jobs', () => {
  const platform = usePlatform();

  const submit = async (body: Record<string, unknown>): Promise<TimedJob> => {
    const res = await platform.api.request('POST', '/v1/jobs', body);
    expect(res.status).toBe(202);
    return (await res.json()) as TimedJob;
  };
  const job = async (id: string) => (await platform.api.job(id)) as TimedJob;
  const names = async (id: string) => (await platform.api.events(id)).map((e) => e.name);
  const runsOf = async (scheduleId: string): Promise<TimedJob[]> => {
    const res = await platform.api.request('GET', `/v1/jobs?scheduleId=${scheduleId}&limit=100`);
    return ((await res.json()) as { items: TimedJob[] }).items;
  };

  it('keeps a delayed job PENDING until its time, then starts it within a second', async () => {
    const runAt = new Date(Date.now() + 2500).toISOString();
    const accepted = await submit({ type: 'system.ping', input: {}, runAt });
    expect(accepted).toMatchObject({ status: 'PENDING', runAt });
    const byDelay = await submit({ type: 'system.ping', input: {}, delayMs: 2000 });
    expect(byDelay.status).toBe('PENDING');
    expect((await job(accepted.id)).status).toBe('PENDING');

    for (const id of [accepted.id, byDelay.id]) {
      const done = (await platform.api.waitForTerminal(id, 30_000)) as TimedJob;
      expect(done.status).toBe('SUCCEEDED');
      const lateness = Date.parse(done.startedAt ?? '') - Date.parse(done.runAt ?? '');
      console.log(`[delays] ${platform.mode}: job started ${lateness} ms after its runAt`);
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1000);
    }
  });

  it('accepts a batch mixing delayed and immediate jobs, each in its place', async () => {
    const res = await platform.api.request('POST', '/v1/jobs/batch', {
      jobs: [
        { type: 'system.ping', input: {}, delayMs: 1500 },
        { type: 'system.ping', input: {} },
      ],
    });
    expect(res.status).toBe(202);
    const { jobs } = (await res.json()) as { jobs: TimedJob[] };
    expect(jobs.map((j) => j.status)).toEqual(['PENDING', 'QUEUED']);
    expect(jobs[0]?.runAt).not.toBeNull();
    expect(jobs[1]?.runAt).toBeNull();
    for (const j of jobs)
      expect((await platform.api.waitForTerminal(j.id, 30_000)).status).toBe('SUCCEEDED');
    const [later, now] = await Promise.all(jobs.map((j) => job(j.id)));
    expect(Date.parse(later?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(later?.runAt ?? ''),
    );
    expect(Date.parse(now?.startedAt ?? '')).toBeLessThan(Date.parse(later?.runAt ?? ''));
  });

  it('cancels a pending job, which then never starts', async () => {
    const pending = await submit({ type: 'system.ping', input: {}, delayMs: 1500 });
    const res = await platform.api.request('POST', `/v1/jobs/${pending.id}/cancel`);
    expect(res.status).toBe(202);
    expect(((await res.json()) as JobBody).status).toBe('CANCELLED');
    // Announced like any cancellation, and never started, also once its time has passed.
    await waitFor('the cancellation in its history', async () =>
      (await names(pending.id)).includes('cancelled') ? true : undefined,
    );
    const witness = await submit({ type: 'system.ping', input: {}, delayMs: 1600 });
    await platform.api.waitForTerminal(witness.id, 30_000);
    expect(await names(pending.id)).not.toContain('started');
    expect((await job(pending.id)).status).toBe('CANCELLED');
  });

  it('refuses runAt with delayMs, and a bad runAt, naming the field', async () => {
    const both = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      runAt: new Date(Date.now() + 5000).toISOString(),
      delayMs: 10,
    });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ code: 'INVALID_TIMING' });
    const bad = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      runAt: 'tomorrow',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('/runAt');
  });

  it('runs a schedule once per tick, shows it only to its tenant, stops on DELETE', async () => {
    const { api } = platform;
    const created = await api.request('POST', '/v1/schedules', {
      cron: '* * * * * *',
      timezone: 'Europe/Paris',
      job: { type: 'system.ping', input: {} },
    });
    expect(created.status).toBe(201);
    const schedule = (await created.json()) as ScheduleBody;
    expect(created.headers.get('location')).toBe(`/v1/schedules/${schedule.id}`);
    expect(Date.parse(schedule.nextRunAt ?? '')).toBeGreaterThan(Date.now() - 1000);

    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    expect((await other.request('GET', `/v1/schedules/${schedule.id}`)).status).toBe(404);
    expect((await other.request('DELETE', `/v1/schedules/${schedule.id}`)).status).toBe(404);
    const theirs = (await (await other.request('GET', '/v1/schedules')).json()) as {
      items: ScheduleBody[];
    };
    expect(theirs.items.map((s) => s.id)).not.toContain(schedule.id);

    const runs = await waitFor('three runs to succeed', async () => {
      const all = await runsOf(schedule.id);
      return all.filter((j) => j.status === 'SUCCEEDED').length >= 3 ? all : undefined;
    });
    expect((await api.request('DELETE', `/v1/schedules/${schedule.id}`)).status).toBe(204);
    expect((await api.request('GET', `/v1/schedules/${schedule.id}`)).status).toBe(404);
    const ticks = runs.map((j) => j.runAt);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const run of runs) expect(run.scheduleId).toBe(schedule.id);

    // No tick after the DELETE (beyond one already being dispatched when it came).
    const afterDelete = (await runsOf(schedule.id)).length;
    const witness = await submit({ type: 'system.ping', input: {}, delayMs: 2500 });
    await api.waitForTerminal(witness.id, 30_000);
    expect((await runsOf(schedule.id)).length).toBeLessThanOrEqual(afterDelete + 1);
  });

  it('refuses a bad cron or time zone with a 400 problem naming it', async () => {
    const post = (body: unknown) => platform.api.request('POST', '/v1/schedules', body);
    const job = { type: 'system.ping', input: {} };
    const badCron = await post({ cron: '* * *', job });
    expect(badCron.status).toBe(400);
    expect(badCron.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await badCron.json()).toMatchObject({ code: 'INVALID_CRON' });
    const badZone = await post({ cron: '* * * * *', timezone: 'Mars/Olympus', job });
    expect(await badZone.json()).toMatchObject({ code: 'INVALID_TIMEZONE' });
    const badJob = await post({ cron: '* * * * *', job: { type: 'nope', input: {} } });
    expect(badJob.status).toBe(400);
    expect(JSON.stringify(await badJob.json())).toContain('/job/type');
  });

  it('is in the OpenAPI document, the dashboard and the CLI', async () => {
    const base = platform.api.baseUrl;
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/schedules', '/v1/schedules/{id}']),
    );
    expect(Object.keys(doc.paths['/v1/schedules/{id}'] ?? {})).toEqual(
      expect.arrayContaining(['get', 'delete']),
    );
    const submitBody = JSON.stringify(doc.paths['/v1/jobs']?.['post']?.requestBody);
    expect(submitBody).toContain('runAt');
    expect(submitBody).toContain('delayMs');
    expect(await (await fetch(`${base}/dashboard`)).text()).toContain('id="schedule-form"');

    const cli = async (...args: string[]): Promise<Record<string, unknown>> => {
      const root = path.resolve(__dirname, '..');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/cli/main.ts', ...args],
        {
          cwd: root,
          env: { PATH: process.env['PATH'] ?? '', API_URL: base, API_KEY: TEST_API_KEY },
        },
      );
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const created = await cli('schedules', 'create', 'system.ping', '--cron', '0 0 1 1 *');
    expect(created).toMatchObject({ cron: '0 0 1 1 *', timezone: 'UTC' });
    expect(await cli('schedules', 'delete', String(created['id']))).toEqual({
      id: created['id'],
      deleted: true,
    });
    const later = await cli('submit', 'system.ping', '--delay-ms', '600000');
    expect(later).toMatchObject({ status: 'PENDING' });
    await platform.api.request('POST', `/v1/jobs/${String(later['id'])}/cancel`);
  });
});

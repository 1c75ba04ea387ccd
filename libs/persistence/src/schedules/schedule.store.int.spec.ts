import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { DelayedJobStore } from '../jobs/delayed-job.store';
import { JobStore } from '../jobs/job.store';
import {
  createTestDatabase,
  testDatabaseEngine,
  type TestDatabase,
} from '../testing/test-database';

// The embedded engine is one session: racing instances need a server (the 'integration' run).
const embedded = testDatabaseEngine() === 'embedded';
const itRacing = embedded ? it.skip : it;
import type { NewSchedule, NextTick } from './schedule-view';
import { ScheduleStore } from './schedule.store';

// Every whole second, like the cron "* * * * * *".
const everySecond: NextTick = (_, after) =>
  new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);

// A minute on: no tick falls due by itself while a slow (loaded) run is still checking, whatever
// the clock reads; the tests make ticks due themselves.
const aMinuteOn: NextTick = (_, after) => new Date(after.getTime() + 60_000);

const schedule = (nextRunAt: Date, over: Partial<NewSchedule> = {}): NewSchedule => ({
  id: randomUUID(),
  tenant: 'acme',
  cron: '* * * * * *',
  timezone: 'UTC',
  job: { type: 'system.ping', input: { durationMs: 1 }, maxAttempts: 2, priority: 'low' },
  nextRunAt,
  ...over,
});

describe('ScheduleStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let other: DataSource | undefined;
  let store: ScheduleStore;

  const runsOf = async (id: string): Promise<{ id: string; run_at: Date; status: string }[]> =>
    ds.query('SELECT id, run_at, status FROM jobs WHERE schedule_id = $1 ORDER BY run_at', [id]);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    if (!embedded) other = await openDatabase(db.options);
    store = new ScheduleStore(ds);
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM schedules');
    await ds.query('DELETE FROM jobs');
  });

  afterAll(async () => {
    await other?.destroy();
    await ds?.destroy();
    await db?.drop();
  });

  it('turns a due tick into one PENDING job due then, carrying its schedule, and moves on', async () => {
    const tick = new Date(Date.now() - 200);
    const due = await store.create(schedule(tick));
    const notDue = await store.create(schedule(new Date(Date.now() + 60_000)));
    const [jobId] = await store.tick(10, aMinuteOn);
    expect(await runsOf(notDue.id)).toEqual([]);
    expect(await runsOf(due.id)).toEqual([{ id: jobId, run_at: tick, status: 'PENDING' }]);
    const job = await new JobStore(ds).findById('acme', jobId ?? '');
    expect(job).toMatchObject({
      type: 'system.ping',
      input: { durationMs: 1 },
      maxAttempts: 2,
      priority: 'low',
      scheduleId: due.id,
    });
    const after = await store.find('acme', due.id);
    expect(after).toMatchObject({ lastRunAt: tick.toISOString(), lastJobId: jobId });
    expect(Date.parse(after?.nextRunAt ?? '')).toBeGreaterThan(Date.now() - 1000);
    expect(await store.tick(10, aMinuteOn)).toEqual([]);
    // The tick's job is an ordinary delayed job, already due.
    expect((await new DelayedJobStore(ds).claimDue(10)).map((j) => j.id)).toEqual([jobId]);
  });

  it('makes one job for ticks missed while nothing ran, then goes on from now', async () => {
    const s = await store.create(schedule(new Date(Date.now() - 3_600_000)));
    expect(await store.tick(10, everySecond)).toHaveLength(1);
    expect(await runsOf(s.id)).toHaveLength(1);
    const next = Date.parse((await store.find('acme', s.id))?.nextRunAt ?? '');
    expect(next).toBeGreaterThan(Date.now() - 1000);
    expect(next).toBeLessThanOrEqual(Date.now() + 1000);
  });

  itRacing(
    'makes exactly one job per tick when two instances tick at once, round after round',
    async () => {
      const all = await Promise.all(
        Array.from({ length: 40 }, () => store.create(schedule(new Date(Date.now() - 10)))),
      );
      const second = new ScheduleStore(other as DataSource);
      const made: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        await ds.query(`UPDATE schedules SET next_run_at = now() - interval '${round + 1} ms'`);
        const [a, b] = await Promise.all([
          store.tick(7, aMinuteOn),
          second.tick(7, aMinuteOn),
          store.tick(7, aMinuteOn),
          second.tick(7, aMinuteOn),
        ]);
        made.push(...(a ?? []), ...(b ?? []));
        for (;;) {
          const more = await Promise.all([store.tick(7, aMinuteOn), second.tick(7, aMinuteOn)]);
          if (more.every((m) => m.length === 0)) break;
          made.push(...more.flat());
        }
      }
      expect(new Set(made).size).toBe(made.length);
      for (const s of all) expect(await runsOf(s.id)).toHaveLength(3);
    },
  );

  it('shows and deletes a schedule only to its own tenant', async () => {
    const s = await store.create(schedule(new Date(Date.now() + 60_000)));
    expect(await store.find('other', s.id)).toBeNull();
    expect(await store.list('other', 10)).toEqual([]);
    expect((await store.list('acme', 10)).map((x) => x.id)).toEqual([s.id]);
    expect(await store.delete('other', s.id)).toBe(false);
    expect(await store.delete('acme', s.id)).toBe(true);
    expect(await store.find('acme', s.id)).toBeNull();
    expect(await store.find('acme', 'not-a-uuid')).toBeNull();
  });
});

import { randomUUID } from 'node:crypto';
import { JobStore } from '../jobs/job.store';
import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { JobTimelineStore } from './job-timeline.store';

const NOW = new Date('2026-03-01T12:05:30Z');
const at = (minute: number, second = 0): Date => new Date(Date.UTC(2026, 2, 1, 12, minute, second));

interface Seed {
  tenant: string;
  type?: string;
  created: Date;
  started?: Date;
  finished?: Date;
  status?: string;
  runAt?: Date;
}

describe('JobTimelineStore', () => {
  const db = useMigratedDatabase();

  const seed = async (jobs: Seed[]): Promise<void> => {
    const store = new JobStore(db.ds);
    for (const job of jobs) {
      const id = randomUUID();
      await store.insertAccepted({
        id,
        tenant: job.tenant,
        type: job.type ?? 'system.ping',
        input: {},
      });
      await runSql(
        db.ds,
        `UPDATE jobs SET created_at = $2, started_at = $3, finished_at = $4, status = $5,
           run_at = $6 WHERE id = $1`,
        [
          id,
          job.created,
          job.started ?? null,
          job.finished ?? null,
          job.status ?? 'QUEUED',
          job.runAt ?? null,
        ],
      );
    }
  };

  beforeAll(async () => {
    await seed([
      // Minute 12:03: two submitted; they start after 1 s and 3 s, end at 12:04.
      {
        tenant: 'acme',
        created: at(3, 0),
        started: at(3, 1),
        finished: at(4, 10),
        status: 'SUCCEEDED',
      },
      {
        tenant: 'acme',
        created: at(3, 20),
        started: at(3, 23),
        finished: at(4, 20),
        status: 'FAILED',
      },
      // 12:04: one cancelled while queued; one delayed to 12:05, waited 2 s past it.
      { tenant: 'acme', created: at(4, 0), finished: at(4, 30), status: 'CANCELLED' },
      { tenant: 'acme', created: at(4, 5), runAt: at(5, 0), started: at(5, 2), status: 'RUNNING' },
      // Another tenant's, in 12:05; one submitted at 11:30 that ends in the window; and one
      // submitted at 10:00, over the hour's lookback before any window here: never counted.
      {
        tenant: 'globex',
        type: 'detection.vad',
        created: at(5, 0),
        started: at(5, 0),
        finished: at(5, 5),
        status: 'SUCCEEDED',
      },
      {
        tenant: 'acme',
        created: new Date(at(0).getTime() - 30 * 60_000),
        started: at(2, 0),
        finished: at(5, 10),
        status: 'SUCCEEDED',
      },
      {
        tenant: 'acme',
        created: new Date(at(0).getTime() - 120 * 60_000),
        started: at(2, 0),
        finished: at(5, 20),
        status: 'SUCCEEDED',
      },
    ]);
  });

  it("counts one tenant's jobs per minute, empty minutes included, with queue-wait percentiles", async () => {
    const timeline = await new JobTimelineStore(db.ds).timeline('acme', 4, NOW);
    expect(timeline).toEqual([
      {
        start: '2026-03-01T12:02:00.000Z',
        submitted: 0,
        succeeded: 0,
        failed: 0,
        cancelled: 0,
        queueWaitP50Ms: 1_920_000,
        queueWaitP95Ms: 1_920_000,
      },
      {
        start: '2026-03-01T12:03:00.000Z',
        submitted: 2,
        succeeded: 0,
        failed: 0,
        cancelled: 0,
        queueWaitP50Ms: 2_000,
        queueWaitP95Ms: 2_900,
      },
      {
        start: '2026-03-01T12:04:00.000Z',
        submitted: 2,
        succeeded: 1,
        failed: 1,
        cancelled: 1,
        queueWaitP50Ms: null,
        queueWaitP95Ms: null,
      },
      {
        start: '2026-03-01T12:05:00.000Z',
        submitted: 0,
        succeeded: 1,
        failed: 0,
        cancelled: 0,
        queueWaitP50Ms: 2_000,
        queueWaitP95Ms: 2_000,
      },
    ]);
  });

  it("counts every tenant's for null, and leaves out jobs submitted over an hour before the window", async () => {
    const store = new JobTimelineStore(db.ds);
    const all = await store.timeline(null, 1, NOW);
    expect(all).toEqual([
      {
        start: '2026-03-01T12:05:00.000Z',
        submitted: 1,
        succeeded: 2,
        failed: 0,
        cancelled: 0,
        queueWaitP50Ms: 1_000,
        queueWaitP95Ms: 1_900,
      },
    ]);
    expect(await store.timeline('globex', 60, NOW)).toHaveLength(60);
    // 12:05 of acme: the 11:30 job's end is counted, the 10:00 one's is not.
    expect((await store.timeline('acme', 1, NOW))[0]?.succeeded).toBe(1);
  });

  it('gives the rates in and out per job type over the last minutes, every tenant', async () => {
    const rates = await new JobTimelineStore(db.ds).rates(5, NOW);
    expect(rates).toEqual({
      'system.ping': { inPerMinute: 4 / 5, outPerMinute: 4 / 5 },
      'detection.vad': { inPerMinute: 1 / 5, outPerMinute: 1 / 5 },
    });
  });
});

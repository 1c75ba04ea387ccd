import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import {
  createTestDatabase,
  testDatabaseEngine,
  type TestDatabase,
} from '../testing/test-database';

// The embedded engine is one session: racing instances need a server (the 'integration' run).
const embedded = testDatabaseEngine() === 'embedded';
const itRacing = embedded ? it.skip : it;
import { DelayedJobStore, type DelayedJob } from './delayed-job.store';
import { JobStore } from './job.store';
import { UnconfirmedCommandsStore } from './unconfirmed-commands.store';

const delayed = (runAt: Date, over: Partial<DelayedJob> = {}): DelayedJob => ({
  id: randomUUID(),
  tenant: 'acme',
  type: 'system.ping',
  input: { durationMs: 1 },
  runAt,
  ...over,
});
const past = (): Date => new Date(Date.now() - 1000);
const future = (): Date => new Date(Date.now() + 3_600_000);

describe('DelayedJobStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let other: DataSource | undefined;
  let store: DelayedJobStore;
  let jobs: JobStore;

  const statusOf = async (id: string): Promise<string | undefined> =>
    (await ds.query<{ status: string }[]>('SELECT status FROM jobs WHERE id = $1', [id]))[0]
      ?.status;
  const outbox = async (): Promise<{ job_id: string; message_id: string }[]> =>
    ds.query('SELECT job_id, message_id FROM unconfirmed_commands');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    if (!embedded) other = await openDatabase(db.options);
    store = new DelayedJobStore(ds);
    jobs = new JobStore(ds);
  });

  beforeEach(async () => {
    await ds.query('DELETE FROM unconfirmed_commands');
    await ds.query('DELETE FROM jobs');
  });

  afterAll(async () => {
    await other?.destroy();
    await ds?.destroy();
    await db?.drop();
  });

  it('records a delayed job PENDING with its time and no outbox row, and claims it only when due', async () => {
    const later = delayed(future());
    const [view] = await store.insertPendingMany([later]);
    expect(view).toMatchObject({
      id: later.id,
      status: 'PENDING',
      runAt: later.runAt.toISOString(),
    });
    expect(await outbox()).toEqual([]);
    expect(await store.claimDue(10)).toEqual([]);

    const due = delayed(past(), { maxAttempts: 3, priority: 'high' });
    await store.insertPendingMany([due]);
    const claimed = await store.claimDue(10);
    expect(claimed).toEqual([
      expect.objectContaining({
        id: due.id,
        type: 'system.ping',
        maxAttempts: 3,
        attempt: 1,
        priority: 'high',
      }),
    ]);
    expect(await statusOf(due.id)).toBe('QUEUED');
    // Its command is recorded as unconfirmed under the id it is published with.
    expect(await outbox()).toEqual([{ job_id: due.id, message_id: claimed[0]?.messageId }]);
    expect(await store.claimDue(10)).toEqual([]);
  });

  it("keeps the submission's trace context with the job for its command, and a republish's", async () => {
    const trace = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=1',
    };
    const [traced, untraced] = [delayed(past(), { trace }), delayed(past())];
    await store.insertPendingMany([traced, untraced]);
    const claimed = await store.claimDue(10);
    expect(claimed.find((j) => j.id === traced.id)?.trace).toEqual(trace);
    expect(claimed.find((j) => j.id === untraced.id)?.trace).toBeUndefined();
    // A dispatcher that dies before the confirm leaves the outbox row: the sweeper's republish
    // continues the same trace.
    const swept = await new UnconfirmedCommandsStore(ds).claimDue(0, 10);
    expect(swept.find((j) => j.id === traced.id)?.trace).toEqual(trace);
    expect(swept.find((j) => j.id === untraced.id)?.trace).toBeUndefined();
  });

  it('gives a job whose publish failed back to PENDING, and never claims a cancelled one', async () => {
    const due = delayed(past());
    const cancelled = delayed(past());
    await store.insertPendingMany([due, cancelled]);
    await ds.query(`UPDATE jobs SET status = 'CANCELLED' WHERE id = $1`, [cancelled.id]);
    expect((await store.claimDue(10)).map((j) => j.id)).toEqual([due.id]);
    await store.release([due.id]);
    expect(await statusOf(due.id)).toBe('PENDING');
    expect(await outbox()).toEqual([]);
    expect((await store.claimDue(10)).map((j) => j.id)).toEqual([due.id]);
  });

  it('returns the job already holding an idempotency key, with its request hash', async () => {
    const first = delayed(future(), { idempotencyKey: 'k1', requestHash: 'h1' });
    expect(await store.insertPending(first)).toMatchObject({ inserted: true });
    const again = await store.insertPending(delayed(future(), { idempotencyKey: 'k1' }));
    expect(again).toMatchObject({ inserted: false, existing: { id: first.id, requestHash: 'h1' } });
  });

  it('answers the unfinished job holding a dedup key, alone or in a batch', async () => {
    const first = delayed(future(), { dedupKey: 'episode-1' });
    expect(await store.insertPending(first)).toMatchObject({ inserted: true });
    expect(await store.insertPending(delayed(future(), { dedupKey: 'episode-1' }))).toMatchObject({
      inserted: false,
      heldBy: 'dedupKey',
      existing: { id: first.id, dedupKey: 'episode-1' },
    });
    const fresh = delayed(future(), { dedupKey: 'episode-2' });
    const views = await store.insertPendingMany([
      delayed(future(), { dedupKey: 'episode-1' }),
      fresh,
    ]);
    expect(views.map((v) => v.id)).toEqual([first.id, fresh.id]);
  });

  it('withdraws the PENDING jobs of a batch that was not accepted', async () => {
    const job = delayed(future());
    await store.insertPendingMany([job]);
    await store.removePending([job.id]);
    expect(await jobs.findById('acme', job.id)).toBeNull();
  });

  itRacing(
    'lets two dispatchers racing for the same due jobs claim each exactly once',
    async () => {
      const all = Array.from({ length: 300 }, () => delayed(past()));
      await store.insertPendingMany(all);
      const drain = async (s: DelayedJobStore): Promise<string[]> => {
        const got: string[] = [];
        for (;;) {
          const page = await s.claimDue(25);
          if (page.length === 0) return got;
          got.push(...page.map((j) => j.id));
        }
      };
      const [a, b] = await Promise.all([
        drain(store),
        drain(new DelayedJobStore(other as DataSource)),
      ]);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect([...a, ...b].sort()).toEqual(all.map((j) => j.id).sort());
    },
  );
});

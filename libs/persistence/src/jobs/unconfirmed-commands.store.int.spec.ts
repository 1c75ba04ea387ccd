import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AcceptedJob } from './accepted-job';
import { JobStore } from './job.store';
import { UnconfirmedCommandsStore } from './unconfirmed-commands.store';

const accepted = (over: Partial<AcceptedJob> = {}): AcceptedJob => ({
  id: randomUUID(),
  tenant: 'acme',
  type: 'system.ping',
  input: { durationMs: 1 },
  ...over,
});

describe('UnconfirmedCommandsStore (the API outbox)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let jobs: JobStore;
  let outbox: UnconfirmedCommandsStore;

  const pending = async (): Promise<string[]> =>
    (await ds.query<{ job_id: string }[]>('SELECT job_id FROM unconfirmed_commands')).map(
      (r) => r.job_id,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    jobs = new JobStore(ds);
    outbox = new UnconfirmedCommandsStore(ds);
  });

  beforeEach(() => ds.query('DELETE FROM unconfirmed_commands'));

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('records each accepted job as unconfirmed in its insert, and forgets it once confirmed', async () => {
    const one = accepted({ idempotencyKey: `k-${randomUUID()}` });
    const many = [accepted(), accepted({ maxAttempts: 2 })];
    await jobs.insertAccepted(one);
    await jobs.insertAcceptedMany(many);
    // A key already held inserts nothing, so it records nothing either.
    await jobs.insertAccepted({ ...accepted(), idempotencyKey: one.idempotencyKey });
    expect((await pending()).sort()).toEqual([one.id, ...many.map((j) => j.id)].sort());
    await outbox.confirm([one.id, many[0]?.id ?? '']);
    expect(await pending()).toEqual([many[1]?.id]);
  });

  it('claims only jobs older than the grace period, each once per period', async () => {
    const job = accepted({ maxAttempts: 2, messageId: randomUUID() });
    await jobs.insertAcceptedMany([job]);
    expect(await outbox.claimDue(60_000, 10)).toEqual([]);
    const claimed = await outbox.claimDue(0, 10);
    // With the id its command was (to be) published with: a republish is a copy of it.
    expect(claimed).toEqual([
      {
        id: job.id,
        tenant: 'acme',
        type: 'system.ping',
        input: job.input,
        maxAttempts: 2,
        priority: 'normal',
        queued: true,
        attempt: 1,
        messageId: job.messageId,
      },
    ]);
    // Claimed just now: not due again until the period has passed once more.
    expect(await outbox.claimDue(60_000, 10)).toEqual([]);
    expect((await outbox.claimDue(0, 10)).map((j) => j.id)).toEqual([job.id]);
  });

  it('never hands the same job to two concurrent sweepers', async () => {
    const batch = Array.from({ length: 300 }, () => accepted());
    await jobs.insertAcceptedMany(batch);
    await ds.query(`UPDATE unconfirmed_commands SET recorded_at = now() - interval '1 hour'`);
    const claims = await Promise.all(Array.from({ length: 4 }, () => outbox.claimDue(60_000, 100)));
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Whatever the race left unclaimed, the next round takes: nothing twice, nothing lost.
    const rest = (await outbox.claimDue(60_000, 1000)).map((j) => j.id);
    expect(rest.filter((id) => ids.includes(id))).toEqual([]);
    expect(new Set([...ids, ...rest]).size).toBe(batch.length);
  });

  it('reports a job that moved on, or whose row is gone, as not queued', async () => {
    const moved = accepted();
    const gone = accepted();
    await jobs.insertAcceptedMany([moved, gone]);
    await ds.query(`UPDATE jobs SET status = 'RUNNING' WHERE id = $1`, [moved.id]);
    await ds.query(`DELETE FROM jobs WHERE id = $1`, [gone.id]);
    const claimed = await outbox.claimDue(0, 10);
    expect(claimed.map((j) => [j.id, j.queued]).sort()).toEqual(
      [
        [moved.id, false],
        [gone.id, false],
      ].sort(),
    );
  });

  it('lets a failed publish withdraw its jobs, unless a sweeper has claimed them', async () => {
    const free = accepted();
    const claimed = accepted();
    await jobs.insertAcceptedMany([claimed]);
    await outbox.claimDue(0, 10);
    await jobs.insertAcceptedMany([free]);
    await jobs.removeUnpublished([free.id, claimed.id]);
    expect(await jobs.findById('acme', free.id)).toBeNull();
    expect(await jobs.findById('acme', claimed.id)).not.toBeNull();
    expect(await pending()).toEqual([claimed.id]);
  });

  it('forgets everything at once (embedded start)', async () => {
    await jobs.insertAcceptedMany([accepted(), accepted()]);
    await outbox.forgetAll();
    expect(await pending()).toEqual([]);
  });
});

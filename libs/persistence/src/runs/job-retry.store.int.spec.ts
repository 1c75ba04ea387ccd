import { randomUUID } from 'node:crypto';
import type { JobEvent } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { UnconfirmedCommandsStore } from '../jobs/unconfirmed-commands.store';
import { runSql } from '../shared/run-sql';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobRetryStore } from './job-retry.store';
import { JobRunStore } from './job-run.store';

describe('JobRetryStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let jobs: JobStore;
  let runs: JobRunStore;
  let retries: JobRetryStore;
  let outbox: UnconfirmedCommandsStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    jobs = new JobStore(ds);
    runs = new JobRunStore(ds);
    retries = new JobRetryStore(ds);
    outbox = new UnconfirmedCommandsStore(ds);
  });

  const outboxOf = async (jobId: string) =>
    (
      await runSql(
        ds,
        `SELECT attempt, message_id, claimed_at IS NOT NULL AS claimed
         FROM unconfirmed_commands WHERE job_id = $1`,
        [jobId],
      )
    ).rows;

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function failedJob(): Promise<{ id: string; failed: JobEvent }> {
    const id = randomUUID();
    await jobs.insertAccepted({ id, tenant: 'acme', type: 'detection.vad', input: { a: 1 } });
    await runs.claim({
      jobId: id,
      tenant: 'acme',
      attempt: 1,
      messageId: 'm1',
      worker: 'w',
      leaseMs: 60_000,
      takeOver: false,
    });
    const failed = { id: randomUUID(), type: 'io.jobmill.job.failed.v1', subject: id } as JobEvent;
    const started = { id: randomUUID(), time: new Date().toISOString() } as JobEvent;
    await runs.decide(id, 'failed', failed, started);
    await runSql(ds, `UPDATE jobs SET status = 'FAILED' WHERE id = $1`, [id]);
    return { id, failed };
  }

  it('re-opens a FAILED job as attempt + 1 and lets the new attempt run, not the old copy', async () => {
    const { id } = await failedJob();
    const reopened = await retries.reopen('acme', id, 'm2');
    expect(reopened).toMatchObject({ reopened: true, attempt: 2, previousAttempt: 1 });
    expect(await jobs.findById('acme', id)).toMatchObject({ status: 'QUEUED', attempt: 2 });
    // The failed attempt's start goes with its outcome: nothing of it is republished for the next.
    const { rows } = await runSql(ds, 'SELECT started_id FROM job_runs WHERE job_id = $1', [id]);
    expect(rows).toEqual([{ started_id: null }]);
    const claim = { jobId: id, tenant: 'acme', worker: 'w', leaseMs: 1_000 };
    const old = { ...claim, messageId: 'm1', attempt: 1, takeOver: true };
    expect(await runs.claim(old)).toEqual({ kind: 'stale' });
    expect(
      await runs.claim({ ...claim, messageId: 'm2', attempt: 2, takeOver: false }),
    ).toMatchObject({
      kind: 'run',
    });
  });

  it('records the new attempt’s command in the outbox, in the reopen’s transaction', async () => {
    const { id } = await failedJob();
    await runSql(ds, 'DELETE FROM unconfirmed_commands WHERE job_id = $1', [id]);
    const reopened = await retries.reopen('acme', id, 'm2');
    if (!reopened.reopened) throw new Error('not reopened');
    expect(await outboxOf(id)).toEqual([{ attempt: 2, message_id: 'm2', claimed: false }]);
    const due = (await outbox.claimDue(0, 10)).find((job) => job.id === id);
    expect(due).toMatchObject({ id, queued: true, attempt: 2, messageId: 'm2' });
    // A sweeper has the command (it may be on the broker): the reopen stands.
    expect(await retries.restore(reopened)).toBe(false);
    expect(await jobs.findById('acme', id)).toMatchObject({ status: 'QUEUED', attempt: 2 });
  });

  it('refuses what is not FAILED, and restores a reopen whose command was not published', async () => {
    expect(await retries.reopen('acme', randomUUID(), 'm2')).toEqual({
      reopened: false,
      status: null,
    });
    const { id, failed } = await failedJob();
    expect(await retries.reopen('other', id, 'm2')).toEqual({ reopened: false, status: null });
    const reopened = await retries.reopen('acme', id, 'm2');
    if (!reopened.reopened) throw new Error('not reopened');
    expect(await retries.reopen('acme', id, 'm2')).toEqual({ reopened: false, status: 'QUEUED' });
    expect(await retries.restore(reopened)).toBe(true);
    expect(await jobs.findById('acme', id)).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(await outboxOf(id)).toEqual([]);
    const again = await runs.claim({
      jobId: id,
      tenant: 'acme',
      attempt: 2,
      messageId: 'm2',
      worker: 'w',
      leaseMs: 1_000,
      takeOver: true,
    });
    expect(again).toEqual({ kind: 'decided', event: failed });
  });
});

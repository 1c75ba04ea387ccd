import { randomUUID } from 'node:crypto';
import { startedEventOf, type JobEvent, type RunClaim } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { runSql } from '../shared/run-sql';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobRunStore } from './job-run.store';

const eventOf = (jobId: string, name: string): JobEvent =>
  ({
    specversion: '1.0',
    id: randomUUID(),
    type: `io.jobmill.job.${name}.v1`,
    source: '/test',
    time: new Date().toISOString(),
    subject: jobId,
    tenant: 'acme',
    attempt: 1,
    correlationid: jobId,
    data: { jobType: 'detection.vad' },
  }) as JobEvent;

describe('JobRunStore (the inbox)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let runs: JobRunStore;
  let jobs: JobStore;
  const claim = (jobId: string, over: Partial<RunClaim> = {}) =>
    runs.claim({
      jobId,
      tenant: 'acme',
      attempt: 1,
      messageId: 'm-1',
      worker: 'w-1',
      leaseMs: 60_000,
      takeOver: false,
      ...over,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    runs = new JobRunStore(ds);
    jobs = new JobStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('lets one delivery run; a duplicate is busy unless the broker redelivered it', async () => {
    const jobId = randomUUID();
    const first = await claim(jobId);
    expect(first).toEqual({ kind: 'run', fence: 1 });
    expect(await claim(jobId, { worker: 'w-2' })).toEqual({ kind: 'busy', worker: 'w-1' });
    // A redelivery means the holder's channel is gone: take over with a new fencing token.
    expect(await claim(jobId, { worker: 'w-2', takeOver: true })).toEqual({
      kind: 'run',
      fence: 2,
    });
    // The old holder's heartbeat no longer renews anything; the new one's does.
    await runs.heartbeat([{ jobId, fence: 1 }], 1);
    expect(await claim(jobId, { worker: 'w-3' })).toMatchObject({ kind: 'busy', worker: 'w-2' });
  });

  it('records exactly one outcome; later claims and decisions get that same event', async () => {
    const jobId = randomUUID();
    await claim(jobId);
    const succeeded = eventOf(jobId, 'succeeded');
    expect(await runs.decide(jobId, 'succeeded', succeeded)).toEqual({ recorded: true });
    const late = await runs.decide(jobId, 'failed', eventOf(jobId, 'failed'));
    expect(late).toEqual({ recorded: false, event: succeeded });
    expect(await claim(jobId, { takeOver: true })).toEqual({ kind: 'decided', event: succeeded });
  });

  it('keeps the start recorded with an outcome, for the claims that find it decided', async () => {
    const jobId = randomUUID();
    await claim(jobId);
    const succeeded = eventOf(jobId, 'succeeded');
    const startedAt = new Date(Date.now() - 1_500).toISOString();
    const started = startedEventOf(succeeded, { id: randomUUID(), time: startedAt, worker: 'w-1' });
    expect(await runs.decide(jobId, 'succeeded', succeeded, started)).toEqual({ recorded: true });
    // A later decision does not replace it.
    const late = eventOf(jobId, 'failed');
    await runs.decide(jobId, 'failed', late, { ...started, id: randomUUID() });
    expect(await claim(jobId, { takeOver: true })).toEqual({
      kind: 'decided',
      event: succeeded,
      started,
    });
  });

  it('refuses only jobs no worker claimed; a refused one is decided for every later copy', async () => {
    const [free, claimed] = [randomUUID(), randomUUID()];
    await claim(claimed);
    const failed = (jobId: string) => eventOf(jobId, 'failed') as JobEvent<'failed'>;
    const refusal = failed(free);
    expect(await runs.refuseUnclaimed([refusal, failed(claimed)])).toEqual(new Set([free]));
    // The same refusal again (a redelivered copy) is still this job's; another one is not.
    expect(await runs.refuseUnclaimed([refusal])).toEqual(new Set([free]));
    expect(await runs.refuseUnclaimed([failed(free)])).toEqual(new Set());
    expect(await claim(free)).toEqual({ kind: 'decided', event: refusal });
    expect(await claim(claimed, { takeOver: true })).toMatchObject({ kind: 'run' });
    expect(await runs.refuseUnclaimed([])).toEqual(new Set());
  });

  it('never holds a newer attempt back behind the lease of the last one', async () => {
    const jobId = randomUUID();
    await claim(jobId);
    // The retry was published but markRetried was lost: the old lease is still live.
    expect(await claim(jobId, { attempt: 2, messageId: 'm-2', worker: 'w-2' })).toMatchObject({
      kind: 'run',
    });
    expect(await claim(jobId, { attempt: 2, messageId: 'm-2', worker: 'w-3' })).toMatchObject({
      kind: 'busy',
      worker: 'w-2',
    });
  });

  it('ignores old copies of an attempt that ended in a retry', async () => {
    const jobId = randomUUID();
    await claim(jobId);
    await runs.markRetried(jobId, 1);
    expect(await claim(jobId, { takeOver: true })).toEqual({ kind: 'stale' });
    expect(await claim(jobId, { attempt: 2, messageId: 'm-2' })).toMatchObject({ kind: 'run' });
  });

  it('refuses a new command reusing the id of a job in flight (JOB_ID_IN_USE), not a copy', async () => {
    const jobId = randomUUID();
    await claim(jobId);
    const inUse = { kind: 'refused', code: 'JOB_ID_IN_USE', ownJob: false };
    // Another command id: refused, even redelivered (it may not take the job over).
    expect(await claim(jobId, { messageId: 'm-9', worker: 'w-2' })).toMatchObject(inUse);
    expect(await claim(jobId, { messageId: 'm-9', takeOver: true })).toMatchObject(inUse);
    // The job's own command again: a duplicate (busy), or a redelivery that takes over.
    expect(await claim(jobId, { worker: 'w-2' })).toMatchObject({ kind: 'busy', worker: 'w-1' });
    expect(await claim(jobId, { worker: 'w-2', takeOver: true })).toMatchObject({ kind: 'run' });
    // Between attempts and during the next one the job is still in flight.
    await runs.markRetried(jobId, 1);
    expect(await claim(jobId, { messageId: 'm-9' })).toMatchObject(inUse);
    expect(await claim(jobId, { attempt: 2, messageId: 'm-2' })).toMatchObject({ kind: 'run' });
    expect(await claim(jobId, { messageId: 'm-9' })).toMatchObject(inUse);
    expect(await claim(jobId)).toEqual({ kind: 'stale' });
    // A lapsed lease is a gone holder's: whoever issues the job again may run it.
    const orphan = randomUUID();
    await claim(orphan, { leaseMs: 1 });
    await runSql(ds, `UPDATE job_runs SET lease_until = now() - interval '1 second'`);
    expect(await claim(orphan, { messageId: 'm-restart' })).toMatchObject({ kind: 'run' });
  });

  it('cancels a job without outcome (read model CANCELLED at once), never a finished one', async () => {
    const queued = randomUUID();
    await jobs.insertAccepted({ id: queued, tenant: 'acme', type: 'detection.vad', input: {} });
    const cancelled = eventOf(queued, 'cancelled');
    expect(await runs.cancel('acme', queued, cancelled)).toEqual({ recorded: true });
    expect((await jobs.findById('acme', queued))?.status).toBe('CANCELLED');
    expect(await claim(queued)).toEqual({ kind: 'decided', event: cancelled });
    expect(await runs.cancel('acme', queued, eventOf(queued, 'cancelled'))).toEqual({
      recorded: false,
      event: cancelled,
    });

    const done = randomUUID();
    await claim(done);
    const succeeded = eventOf(done, 'succeeded');
    await runs.decide(done, 'succeeded', succeeded);
    expect(await runs.cancel('acme', done, eventOf(done, 'cancelled'))).toEqual({
      recorded: false,
      event: succeeded,
    });
  });

  it('shows a RUNNING job whose lease lapsed as stalled', async () => {
    const id = randomUUID();
    await jobs.insertAccepted({ id, tenant: 'acme', type: 'detection.vad', input: {} });
    await runSql(ds, `UPDATE jobs SET status = 'RUNNING' WHERE id = $1`, [id]);
    await claim(id, { leaseMs: 60_000 });
    expect((await jobs.findById('acme', id))?.stalled).toBe(false);
    await runSql(
      ds,
      `UPDATE job_runs SET lease_until = now() - interval '1 second' WHERE job_id = $1`,
      [id],
    );
    expect((await jobs.findById('acme', id))?.stalled).toBe(true);
    const page = await jobs.list('acme', { limit: 50 });
    expect(page.items.find((j) => j.id === id)?.stalled).toBe(true);
  });
});

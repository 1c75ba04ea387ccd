import { randomUUID } from 'node:crypto';
import type { JobEvent, RunClaim } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { observeSql } from '../shared/sql-observer.port';
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

// The copies of one job's command share its message id (a redelivery, a duplicate publish).
const request = (jobId: string, over: Partial<RunClaim> = {}): RunClaim => ({
  jobId,
  tenant: 'acme',
  attempt: 1,
  messageId: `m-${jobId.toLowerCase()}`,
  worker: 'w-1',
  leaseMs: 60_000,
  takeOver: false,
  ...over,
});

describe('JobRunStore windows (claims and decisions written together)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let runs: JobRunStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    runs = new JobRunStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('claims a window of distinct jobs, each once, with its own fence', async () => {
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const claims = await Promise.all(ids.map((id) => runs.claim(request(id))));
    expect(claims.every((c) => c.kind === 'run' && c.fence === 1)).toBe(true);
    const again = await Promise.all(ids.map((id) => runs.claim(request(id, { worker: 'w-2' }))));
    expect(again.every((c) => c.kind === 'busy' && c.worker === 'w-1')).toBe(true);
  });

  it('claims a window of jobs seen for the first time in one statement', async () => {
    let statements = 0;
    observeSql(ds, { statementRun: () => statements++ });
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const claims = await Promise.all(ids.map((id) => runs.claim(request(id))));
    expect(statements).toBe(1);
    expect(claims.every((c) => c.kind === 'run' && c.fence === 1)).toBe(true);
    statements = 0;
    const retaken = await Promise.all(ids.map((id) => runs.claim(request(id, { takeOver: true }))));
    expect(statements).toBe(3); // the insert finds every row: the locking claim decides
    expect(retaken.every((c) => c.kind === 'run' && c.fence === 2)).toBe(true);
    observeSql(ds, { statementRun: () => undefined });
  });

  it('decides two copies of one job in the same window one after the other', async () => {
    const id = randomUUID();
    const [first, second] = await Promise.all([
      runs.claim(request(id)),
      runs.claim(request(id, { worker: 'w-2' })),
    ]);
    expect(first).toEqual({ kind: 'run', fence: 1 });
    expect(second).toEqual({ kind: 'busy', worker: 'w-1' });
    const succeeded = eventOf(id, 'succeeded');
    const failed = eventOf(id, 'failed');
    const decisions = await Promise.all([
      runs.decide(id, 'succeeded', succeeded),
      runs.decide(id, 'failed', failed),
    ]);
    expect(decisions).toEqual([{ recorded: true }, { recorded: false, event: succeeded }]);
  });

  it('answers each claim in a mixed window with its own verdict', async () => {
    const [fresh, decided, stale, upper] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await runs.claim(request(decided));
    const outcome = eventOf(decided, 'succeeded');
    await runs.decide(decided, 'succeeded', outcome);
    await runs.claim(request(stale));
    await runs.markRetried(stale, 1);
    const verdicts = await Promise.all([
      runs.claim(request(fresh)),
      runs.claim(request(decided, { takeOver: true })),
      runs.claim(request(stale, { takeOver: true })),
      runs.claim(request(upper.toUpperCase())),
      runs.claim(request('not-a-job-id')).catch((error: Error) => error.message),
    ]);
    expect(verdicts).toEqual([
      { kind: 'run', fence: 1 },
      { kind: 'decided', event: outcome },
      { kind: 'stale' },
      { kind: 'run', fence: 1 },
      'not a job id: not-a-job-id',
    ]);
  });

  it('refuses new commands reusing the ids of jobs in flight, in the same window as duplicates', async () => {
    const [running, retrying] = [randomUUID(), randomUUID()];
    await runs.claim(request(running));
    await runs.claim(request(retrying));
    await runs.markRetried(retrying, 1);
    const reused = { messageId: randomUUID() };
    const verdicts = await Promise.all([
      runs.claim(request(running, { ...reused, worker: 'w-2' })),
      runs.claim(request(retrying, { ...reused, takeOver: true })),
      runs.claim(request(running, { worker: 'w-2' })),
    ]);
    expect(verdicts.map((v) => (v.kind === 'refused' ? v.code : v.kind))).toEqual([
      'JOB_ID_IN_USE',
      'JOB_ID_IN_USE',
      'busy',
    ]);
  });

  it('records a window of outcomes once each; a job without a run row fails alone', async () => {
    const ids = Array.from({ length: 50 }, () => randomUUID());
    await Promise.all(ids.map((id) => runs.claim(request(id))));
    const orphan = randomUUID();
    const results = await Promise.all([
      ...ids.map((id) => runs.decide(id, 'succeeded', eventOf(id, 'succeeded'))),
      runs.decide(orphan, 'failed', eventOf(orphan, 'failed')).catch((e: Error) => e.message),
    ]);
    expect(results.slice(0, 50).every((r) => typeof r === 'object' && r.recorded)).toBe(true);
    expect(results[50]).toBe(`job ${orphan} has no run row to decide`);
  });
});

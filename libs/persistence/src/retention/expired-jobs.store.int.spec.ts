import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { JobProjector } from '../projection/job-projector';
import type { ProjectableMessage } from '../projection/projectable-message';
import { JobRetryStore } from '../runs/job-retry.store';
import { runSql } from '../shared/run-sql';
import { JobScript } from '../testing/job-script.fixture';
import {
  createTestDatabase,
  testDatabaseEngine,
  type TestDatabase,
} from '../testing/test-database';
import { ExpiredJobsStore, type ExpiredJobs } from './expired-jobs.store';

const HOUR = 3_600_000;

// Replicas need two connections; the embedded engine has one (and embedded mode one process).
const itWithManyConnections = testDatabaseEngine() === 'embedded' ? it.skip : it;

/** A command copy asking for its own retention. */
const withRetention = (copy: ProjectableMessage, retention: string): ProjectableMessage =>
  copy.kind === 'command'
    ? { ...copy, command: { ...copy.command, data: { ...copy.command.data, retention } } }
    : copy;

describe('ExpiredJobsStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let projector: JobProjector;
  let jobs: JobStore;
  let expired: ExpiredJobsStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    // JOB_RETENTION 1h.
    projector = new JobProjector(ds, { retentionMs: HOUR });
    jobs = new JobStore(ds);
    expired = new ExpiredJobsStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await runSql(ds, 'TRUNCATE jobs, job_events, job_runs, unconfirmed_commands, webhook_deliveries');
  });

  /** A job that finished `agoMs` ago (succeeded, with an output blob named by its result). */
  const finished = async (agoMs: number, retention?: string, tenant = 'acme') => {
    const s = new JobScript(tenant, Date.now() - agoMs);
    const copy = s.commandCopy();
    await projector.project([
      retention ? withRetention(copy, retention) : copy,
      s.started(),
      s.succeeded(1, { output: { blobId: s.jobId, size: 1, sha256: 'x', contentType: 'a/b' } }),
    ]);
    return s;
  };
  const count = async (table: string) =>
    (await runSql<{ n: number }>(ds, `SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;
  const sweepAll = (limit = 500, seen: ExpiredJobs[] = []) =>
    expired.deleteBatch(limit, async (e) => {
      seen.push(e);
    });

  it('dates expiresAt from finishedAt with the default or a shorter own retention, never a longer one', async () => {
    const plain = await finished(0);
    const short = await finished(0, '1m');
    const long = await finished(0, '2d');
    const view = async (s: JobScript) => jobs.findById(s.tenant, s.jobId);
    const gap = async (s: JobScript) => {
      const v = await view(s);
      return Date.parse(v?.expiresAt ?? '') - Date.parse(v?.finishedAt ?? '');
    };
    expect(await gap(plain)).toBe(HOUR);
    expect(await gap(short)).toBe(60_000);
    expect(await gap(long)).toBe(HOUR);
    expect(await view(short)).toMatchObject({ retention: '1m' });
    const running = new JobScript('acme', Date.now());
    await projector.project([running.commandCopy(), running.started()]);
    expect(await view(running)).toMatchObject({ status: 'RUNNING', expiresAt: null });
  });

  it('deletes expired jobs with their history, inbox, outbox and webhook rows, and names their blobs', async () => {
    const old = await finished(2 * HOUR);
    const short = await finished(10_000, '1s');
    const fresh = await finished(0);
    for (const s of [old, short, fresh]) {
      await runSql(ds, 'INSERT INTO job_runs (job_id, tenant) VALUES ($1, $2)', [
        s.jobId,
        s.tenant,
      ]);
      await runSql(ds, 'INSERT INTO unconfirmed_commands (job_id) VALUES ($1)', [s.jobId]);
      await runSql(
        ds,
        `INSERT INTO webhook_deliveries (job_id, tenant, job_attempt, job_status, url)
         VALUES ($1, $2, 1, 'SUCCEEDED', 'https://example.com/hook')`,
        [s.jobId, s.tenant],
      );
    }
    const seen: ExpiredJobs[] = [];
    expect(await sweepAll(500, seen)).toBe(2);
    expect(new Set(seen[0]?.jobIds)).toEqual(new Set([old.jobId, short.jobId]));
    expect(new Set(seen[0]?.blobIds)).toEqual(new Set([old.jobId, short.jobId]));
    expect(await jobs.findById('acme', old.jobId)).toBeNull();
    expect(await jobs.findById('acme', short.jobId)).toBeNull();
    expect(await jobs.history('acme', old.jobId)).toEqual([]);
    expect(await jobs.findById('acme', fresh.jobId)).not.toBeNull();
    expect(await jobs.history('acme', fresh.jobId)).toHaveLength(3);
    expect(await count('job_runs')).toBe(1);
    expect(await count('unconfirmed_commands')).toBe(1);
    expect(await count('webhook_deliveries')).toBe(1);
    expect(await sweepAll()).toBe(0);
  });

  it('works in batches of the given size, oldest first', async () => {
    const scripts = [];
    for (let i = 0; i < 5; i += 1) scripts.push(await finished(2 * HOUR + i * 1_000));
    const seen: ExpiredJobs[] = [];
    expect(await sweepAll(2, seen)).toBe(2);
    expect(seen[0]?.jobIds).toEqual([scripts[4]?.jobId, scripts[3]?.jobId]);
    expect(await sweepAll(2)).toBe(2);
    expect(await sweepAll(2)).toBe(1);
    expect(await sweepAll(2)).toBe(0);
  });

  it('keeps the jobs when their blobs cannot be removed (the next round tries again)', async () => {
    const old = await finished(2 * HOUR);
    await expect(
      expired.deleteBatch(500, () => Promise.reject(new Error('disk gone'))),
    ).rejects.toThrow('disk gone');
    expect(await jobs.findById('acme', old.jobId)).not.toBeNull();
    expect(await sweepAll()).toBe(1);
  });

  itWithManyConnections(
    'lets replicas share the work: a job claimed by one is skipped by the other',
    async () => {
      for (let i = 0; i < 6; i += 1) await finished(2 * HOUR + i);
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first: ExpiredJobs[] = [];
      const firstRound = expired.deleteBatch(3, async (e) => {
        first.push(e);
        await held;
      });
      // The first replica holds its three until `release`; the second takes the other three.
      while (first.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const second: ExpiredJobs[] = [];
      expect(await sweepAll(500, second)).toBe(3);
      release();
      expect(await firstRound).toBe(3);
      const overlap = second[0]?.jobIds.filter((id) => first[0]?.jobIds.includes(id));
      expect(overlap).toEqual([]);
      expect(await count('jobs')).toBe(0);
    },
  );

  it('forgets the expiry of a job reopened by a manual retry', async () => {
    const s = new JobScript('acme', Date.now() - 2 * HOUR);
    await projector.project([s.commandCopy(), s.started(), s.failed()]);
    expect((await jobs.findById('acme', s.jobId))?.expiresAt).not.toBeNull();
    const reopened = await new JobRetryStore(ds).reopen('acme', s.jobId, 'm2');
    expect(reopened).toMatchObject({ reopened: true });
    expect(await jobs.findById('acme', s.jobId)).toMatchObject({
      status: 'QUEUED',
      expiresAt: null,
    });
    expect(await sweepAll()).toBe(0);
  });
});

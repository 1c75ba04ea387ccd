import { randomUUID } from 'node:crypto';
import { JobStore } from '../jobs/job.store';
import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { TenantUsageStore } from './tenant-usage.store';

describe('TenantUsageStore', () => {
  const db = useMigratedDatabase();
  let usage: TenantUsageStore;
  let jobs: JobStore;

  const submitted = async (tenant: string): Promise<number | undefined> => {
    const { rows } = await runSql<{ submitted: number }>(
      db.ds,
      'SELECT submitted FROM tenant_submission_windows WHERE tenant = $1',
      [tenant],
    );
    return rows[0]?.submitted;
  };

  beforeAll(() => {
    usage = new TenantUsageStore(db.ds);
    jobs = new JobStore(db.ds);
  });

  it('admits jobs up to the per-minute limit, counting only what it admits', async () => {
    const limit = { perMinute: 5, inFlight: 0 };
    expect(await usage.admit('acme', 3, limit)).toEqual({ admitted: true });
    expect(await usage.admit('acme', 3, limit)).toEqual({
      admitted: false,
      limit: 'perMinute',
      inFlight: 0,
    });
    expect(await usage.admit('acme', 2, limit)).toEqual({ admitted: true });
    expect(await usage.admit('acme', 1, limit)).toMatchObject({ admitted: false });
    expect(await submitted('acme')).toBe(5);
    // More than a whole minute's worth is refused even as the tenant's first submission.
    expect(await usage.admit('initech', 6, limit)).toMatchObject({ limit: 'perMinute' });
    expect(await submitted('initech')).toBeUndefined();
  });

  it('starts counting again in the next minute', async () => {
    const limit = { perMinute: 2, inFlight: 0 };
    expect(await usage.admit('hooli', 2, limit)).toEqual({ admitted: true });
    expect(await usage.admit('hooli', 1, limit)).toMatchObject({ admitted: false });
    await runSql(
      db.ds,
      `UPDATE tenant_submission_windows SET window_start = window_start - interval '1 minute'
       WHERE tenant = 'hooli'`,
    );
    expect(await usage.admit('hooli', 2, limit)).toEqual({ admitted: true });
    expect(await submitted('hooli')).toBe(2);
  });

  it('admits jobs while the tenant has fewer unfinished jobs than its in-flight limit', async () => {
    const limit = { perMinute: 0, inFlight: 3 };
    const ids = [randomUUID(), randomUUID()];
    await jobs.insertAcceptedMany(
      ids.map((id) => ({ id, tenant: 'globex', type: 'system.ping', input: {} })),
    );
    expect(await usage.admit('globex', 1, limit)).toEqual({ admitted: true });
    expect(await usage.admit('globex', 2, limit)).toEqual({
      admitted: false,
      limit: 'inFlight',
      inFlight: 2,
    });
    // A finished job no longer counts; another tenant's never did.
    await runSql(db.ds, `UPDATE jobs SET status = 'SUCCEEDED' WHERE id = $1`, [ids[0]]);
    expect(await usage.admit('globex', 2, limit)).toEqual({ admitted: true });
    expect(await usage.admit('other', 3, limit)).toEqual({ admitted: true });
  });

  it('admits as many as fit, one by one, and counts only those', async () => {
    const limit = { perMinute: 5, inFlight: 0 };
    expect(await usage.admitSome('umbrella', 3, limit)).toEqual({ admitted: 3 });
    expect(await usage.admitSome('umbrella', 4, limit)).toEqual({
      admitted: 2,
      refused: { limit: 'perMinute', inFlight: 0 },
    });
    expect(await submitted('umbrella')).toBe(5);
    expect(await usage.admitSome('umbrella', 1, limit)).toMatchObject({ admitted: 0 });
    expect(await submitted('umbrella')).toBe(5);
  });

  it('names the in-flight limit when it is the one that held jobs back', async () => {
    const limit = { perMinute: 100, inFlight: 2 };
    await jobs.insertAcceptedMany([
      { id: randomUUID(), tenant: 'stark', type: 'system.ping', input: {} },
    ]);
    expect(await usage.admitSome('stark', 3, limit)).toEqual({
      admitted: 1,
      refused: { limit: 'inFlight', inFlight: 1 },
    });
  });

  it('never lets concurrent admissions pass the minute', async () => {
    const limit = { perMinute: 10, inFlight: 0 };
    const all = await Promise.all(
      Array.from({ length: 8 }, () => usage.admitSome('wayne', 3, limit)),
    );
    const admitted = all.reduce((n, a) => n + a.admitted, 0);
    expect(admitted).toBeLessThanOrEqual(10);
    expect(await submitted('wayne')).toBe(admitted);
  });
});

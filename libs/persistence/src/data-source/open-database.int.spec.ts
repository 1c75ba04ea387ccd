import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/migrations';
import {
  createTestDatabase,
  testDatabaseEngine,
  type TestDatabase,
} from '../testing/test-database';
import { migrate, openDatabase } from './open-database';

const tables = async (ds: DataSource, schema: string): Promise<string[]> => {
  const rows: Array<{ table_name: string }> = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
    [schema],
  );
  return rows.map((r) => r.table_name);
};

// The embedded engine (PGlite) is one session and serves one connection at a time.
const itWithManyConnections = testDatabaseEngine() === 'embedded' ? it.skip : it;

describe('openDatabase', () => {
  let db: TestDatabase;
  const opened: DataSource[] = [];
  const closeOpened = () =>
    Promise.all(
      opened
        .splice(0)
        .filter((ds) => ds.isInitialized)
        .map((ds) => ds.destroy()),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterEach(closeOpened);

  afterAll(async () => {
    await closeOpened();
    await db.drop();
  });

  itWithManyConnections(
    'applies the migrations once, even when several processes start at the same time',
    async () => {
      const all = await Promise.all(
        [1, 2, 3].map(() => openDatabase({ ...db.options, poolSize: 2 })),
      );
      opened.push(...all);
      const [first] = all;
      if (!first) throw new Error('no data source');
      expect(await tables(first, 'public')).toEqual([
        'api_keys',
        'batch_submissions',
        'job_events',
        'job_runs',
        'jobs',
        'paused_job_types',
        'schedules',
        'schema_migrations',
        'tenant_submission_windows',
        'unconfirmed_commands',
        'uploads',
        'webhook_deliveries',
        'webhook_secrets',
        'worker_instances',
      ]);
      const applied: unknown[] = await first.query('SELECT name FROM schema_migrations');
      expect(applied).toHaveLength(MIGRATIONS.length);
    },
  );

  it('is a no-op the second time', async () => {
    const ds = await openDatabase(db.options);
    opened.push(ds);
    expect(await migrate(ds)).toBe(0);
    const applied: unknown[] = await ds.query('SELECT name FROM schema_migrations');
    expect(applied).toHaveLength(MIGRATIONS.length);
  });

  it('puts every table in the schema it is given', async () => {
    const ds = await openDatabase({ ...db.options, schema: 'tenant_x' });
    opened.push(ds);
    expect(await tables(ds, 'tenant_x')).toEqual([
      'api_keys',
      'batch_submissions',
      'job_events',
      'job_runs',
      'jobs',
      'paused_job_types',
      'schedules',
      'schema_migrations',
      'tenant_submission_windows',
      'unconfirmed_commands',
      'uploads',
      'webhook_deliveries',
      'webhook_secrets',
      'worker_instances',
    ]);
    await ds.query(`INSERT INTO uploads (id, tenant, size, sha256, content_type)
      VALUES (gen_random_uuid(), 't', 1, 'x', 'audio/wav')`);
    const rows: Array<{ n: string }> = await ds.query('SELECT count(*) AS n FROM tenant_x.uploads');
    expect(rows[0]?.n).toBe('1');
  });

  it('fails fast, naming DATABASE_URL, when PostgreSQL is unreachable', async () => {
    const started = Date.now();
    const error = await openDatabase({
      url: 'postgres://postgres:secret@127.0.0.1:1/nowhere',
      connectTimeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATABASE_UNREACHABLE' });
    expect((error as Error).message).toContain('DATABASE_URL');
    expect((error as Error).message).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { QueryFailedError, type DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { prepared } from './prepared-statement';
import { runSql } from './run-sql';

const INSERT = prepared('INSERT INTO prepared_probe (n) VALUES ($1) RETURNING n');
const COUNT = prepared('SELECT count(*)::int AS n FROM prepared_probe WHERE n >= $1');
const DIVIDE = prepared('SELECT 10 / $1::int AS x');

/** The session's prepared statements: how often each ran with which kind of plan. */
async function preparedOn(ds: DataSource): Promise<Map<string, number>> {
  const { rows } = await runSql<{ name: string; runs: number }>(
    ds,
    'SELECT name, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements',
  );
  return new Map(rows.map((r) => [r.name, r.runs]));
}

describe('runSql with a prepared statement', () => {
  let db: TestDatabase;
  // One connection (the embedded engine serves one at a time), so that what one statement
  // prepared is visible to the next; closed after each test, the next one gets a fresh session.
  async function withDataSource(
    options: { preparedStatements?: boolean },
    use: (ds: DataSource) => Promise<void>,
  ): Promise<void> {
    const ds = await openDatabase({ ...db.options, poolSize: 1, ...options });
    try {
      await runSql(ds, 'DELETE FROM prepared_probe');
      await use(ds);
    } finally {
      await ds.destroy();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await openDatabase(db.options);
    await runSql(ds, 'CREATE TABLE prepared_probe (n int NOT NULL)');
    await ds.destroy();
  });
  afterAll(async () => db?.drop());

  it('prepares it once on the connection, then runs that statement again', () =>
    withDataSource({}, async (ds) => {
      expect((await runSql(ds, INSERT, [7])).rows).toEqual([{ n: 7 }]);
      expect((await runSql(ds, INSERT, [8])).affected).toBe(1);
      expect((await runSql(ds, COUNT, [0])).rows).toEqual([{ n: 2 }]);
      const statements = await preparedOn(ds);
      expect(statements.get(INSERT.name)).toBe(2);
      expect(statements.get(COUNT.name)).toBe(1);
    }));

  it('runs it unnamed when the data source is told not to prepare statements', () =>
    withDataSource({ preparedStatements: false }, async (ds) => {
      await runSql(ds, INSERT, [1]);
      expect((await runSql(ds, COUNT, [1])).rows).toEqual([{ n: 1 }]);
      expect([...(await preparedOn(ds)).keys()]).toEqual([]);
    }));

  it("reports the database's error as TypeORM does, and the statement still runs after it", () =>
    withDataSource({}, async (ds) => {
      const failed = await runSql(ds, DIVIDE, [0]).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(QueryFailedError);
      expect(failed).toMatchObject({ code: '22012', message: 'division by zero' });
      expect((await runSql(ds, DIVIDE, [5])).rows).toEqual([{ x: 2 }]);
    }));

  it("runs on a transaction's own connection: rolled back with it", () =>
    withDataSource({}, async (ds) => {
      const rolledBack = ds.transaction(async (manager) => {
        await runSql(manager, INSERT, [3]);
        expect((await runSql(manager, COUNT, [3])).rows).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      expect((await runSql(ds, COUNT, [0])).rows).toEqual([{ n: 0 }]);
    }));
});

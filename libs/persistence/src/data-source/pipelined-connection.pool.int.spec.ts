import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { prepared } from '../shared/prepared-statement';
import {
  createTestDatabase,
  testDatabaseEngine,
  type TestDatabase,
} from '../testing/test-database';
import { openDatabase } from './open-database';
import { PipelinedConnectionPool, type PipelinedClient } from './pipelined-connection.pool';

const rowsOf = (result: unknown) => (result as { rows: Array<Record<string, unknown>> }).rows;
const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<boolean> =>
  Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);

describe('PipelinedConnectionPool', () => {
  let db: TestDatabase;
  let pool: PipelinedConnectionPool;
  const out: PipelinedClient[] = [];
  const client = async (): Promise<PipelinedClient> => {
    const c = await pool.connect();
    out.push(c);
    return c;
  };
  const names = async (): Promise<string[]> =>
    rowsOf(await pool.query('SELECT name FROM pipelined ORDER BY name')).map((r) =>
      String(r['name']),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  beforeEach(async () => {
    pool = new PipelinedConnectionPool({ connectionString: db.url });
    await pool.query('CREATE TABLE IF NOT EXISTS pipelined (name text)');
    await pool.query('TRUNCATE pipelined');
  });

  afterEach(async () => {
    for (const c of out.splice(0)) c.release();
    await pool.end();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('hands out clients that do not wait for each other, each answered with its own rows', async () => {
    // A pool of one pg connection would hold the second connect() until the first is released.
    const clients = await Promise.all(Array.from({ length: 5 }, client));
    const answers = await Promise.all(
      Array.from(
        { length: 200 },
        (_, i) =>
          clients[i % 5]?.query({ text: 'SELECT $1::int AS n', values: [i] }) ??
          Promise.reject(new Error('no client')),
      ),
    );
    expect(answers.map((a) => rowsOf(a)[0]?.['n'])).toEqual(
      Array.from({ length: 200 }, (_, i) => i),
    );
  });

  it('keeps an open transaction to its client: the others wait, and its rollback spares them', async () => {
    const [a, b] = [await client(), await client()];
    await a.query('START TRANSACTION');
    await a.query("INSERT INTO pipelined VALUES ('a')");
    const bWrites = b.query("INSERT INTO pipelined VALUES ('b')");
    expect(await settledWithin(bWrites, 200)).toBe(false);
    await a.query('ROLLBACK');
    expect(await settledWithin(bWrites, 200)).toBe(false);
    a.release();
    await bWrites;
    expect(await names()).toEqual(['b']);
  });

  it('runs what was written before a transaction opened outside it', async () => {
    const [a, b] = [await client(), await client()];
    const bWrites = b.query("INSERT INTO pipelined SELECT 'b' FROM pg_sleep(0.1)");
    await a.query('BEGIN');
    await a.query("INSERT INTO pipelined VALUES ('a')");
    await a.query('ROLLBACK');
    a.release();
    await bWrites;
    expect(await names()).toEqual(['b']);
  });

  it('answers the other statements written with one that fails', async () => {
    const [a, b] = [await client(), await client()];
    const [failed, answered] = await Promise.allSettled([
      a.query('SELECT 1 / 0'),
      b.query('SELECT 2 AS n'),
      a.query("INSERT INTO pipelined VALUES ('after')"),
    ]);
    expect(failed.status).toBe('rejected');
    expect(answered.status === 'fulfilled' && rowsOf(answered.value)[0]?.['n']).toBe(2);
    expect(await names()).toEqual(['after']);
  });

  it('refuses a statement from a client already released', async () => {
    const a = await client();
    a.release();
    await expect(a.query('SELECT 1')).rejects.toThrow('released');
  });

  // Ending its own backend is a server's feature; the embedded engine is one session for good.
  (testDatabaseEngine() === 'server' ? it : it.skip)(
    'connects again after the connection is lost, and tells the clients still out',
    async () => {
      const a = await client();
      const heard = new Promise<Error>((resolve) => a.once('error', resolve));
      await expect(a.query('SELECT pg_terminate_backend(pg_backend_pid())')).rejects.toThrow();
      expect((await heard).message).toMatch(/terminat|connection/i);
      expect(rowsOf(await (await client()).query('SELECT 1 AS n'))[0]?.['n']).toBe(1);
    },
  );
});

describe('a data source on a pipelined connection', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const INSERT = prepared('INSERT INTO pipelined_jobs (name) VALUES ($1)');

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase({ ...db.options, poolSize: 1, pipelined: true });
    await ds.query('CREATE TABLE pipelined_jobs (name text)');
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('runs transactions and single statements side by side, each as if alone', async () => {
    const work = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 0
        ? ds
            .transaction(async (tx) => {
              await runSql(tx, INSERT, [`tx-${i}`]);
              await runSql(tx, INSERT, [`tx-${i}-again`]);
              if (i % 8 === 0) throw new Error('rolled back');
            })
            .catch(() => undefined)
        : runSql(ds, INSERT, [`single-${i}`]),
    );
    await Promise.all(work);
    const rows: Array<{ name: string }> = await ds.query('SELECT name FROM pipelined_jobs');
    const expected = Array.from({ length: 20 }, (_, i) => i).flatMap((i) =>
      i % 8 === 0 ? [] : i % 4 === 0 ? [`tx-${i}`, `tx-${i}-again`] : [`single-${i}`],
    );
    expect(rows.map((r) => r.name).sort()).toEqual(expected.sort());
  });
});

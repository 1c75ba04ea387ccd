import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseOptions } from '../data-source/database-options';
import { createEmbeddedTestDatabase } from './embedded-test-database';

/** Which engine the persistence tests run on. */
export type TestDatabaseEngine = 'server' | 'embedded';

/** A throw-away database for one test file. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly engine: TestDatabaseEngine;
  /** What to open it with: the embedded engine's options carry its pool of one connection. */
  readonly options: DatabaseOptions;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `JOBMILL_TEST_DATABASE=embedded` runs the tests on the embedded engine (PGlite); anything
 * else, on the local PostgreSQL server.
 */
export function testDatabaseEngine(): TestDatabaseEngine {
  return process.env['JOBMILL_TEST_DATABASE'] === 'embedded' ? 'embedded' : 'server';
}

/**
 * For tests only: `jm_test_<random>` on the local server (or on `adminUrl`), or a fresh
 * embedded engine in a temporary folder, as testDatabaseEngine() says.
 */
export async function createTestDatabase(adminUrl = DEFAULT_ADMIN_URL): Promise<TestDatabase> {
  if (testDatabaseEngine() === 'embedded') return createEmbeddedTestDatabase();
  const name = `jm_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    engine: 'server',
    options: { url: url.toString() },
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

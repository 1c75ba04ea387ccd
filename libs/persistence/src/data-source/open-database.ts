import { type DataSource, MigrationExecutor } from 'typeorm';
import { createDataSource } from './create-data-source';
import type { DatabaseOptions } from './database-options';
import { DatabaseUnreachableError } from './database-unreachable.error';
import { redactUrl } from './redact-url';

// An arbitrary constant: every process migrating the same database takes the same lock.
const MIGRATION_LOCK_KEY = 7_316_240_571;

/** Connects and applies pending migrations (serialised across processes); fails fast if unreachable. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DatabaseUnreachableError(redactUrl(options.url), error);
  }
  try {
    await migrate(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Applies pending migrations under a session advisory lock, on that same connection. */
export async function migrate(dataSource: DataSource): Promise<number> {
  // Validated by createDataSource, so it is safe to quote into DDL.
  const { schema } = dataSource.options as { schema?: string };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      if (schema !== undefined) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      return applied.length;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

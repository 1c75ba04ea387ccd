import { DataSource, type EntityManager } from 'typeorm';
import { sqlObserverOf } from './sql-observer.port';

/** Anything that can run SQL: the data source, or a transaction's entity manager. */
export type SqlExecutor = DataSource | EntityManager;

/** Runs one statement and returns its rows, whatever the statement kind (TypeORM varies the shape). */
export async function runSql<T>(
  executor: SqlExecutor,
  sql: string,
  params: readonly unknown[] = [],
): Promise<{ rows: T[]; affected: number }> {
  const manager = executor instanceof DataSource ? executor.manager : executor;
  const transactional = manager.queryRunner;
  const runner = transactional ?? manager.dataSource.createQueryRunner();
  sqlObserverOf(manager.dataSource)?.statementRun();
  try {
    const result = await runner.query(sql, [...params], true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (!transactional) await runner.release();
  }
}

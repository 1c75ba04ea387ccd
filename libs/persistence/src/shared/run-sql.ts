import type { ClientBase } from 'pg';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { sqlParams } from './array-param';
import { preparesStatements, type PreparedStatement } from './prepared-statement';
import { sqlObserverOf } from './sql-observer.port';

/** Anything that can run SQL: the data source, or a transaction's entity manager. */
export type SqlExecutor = DataSource | EntityManager;

/** Runs one statement and returns its rows, whatever the statement kind (TypeORM varies the shape). */
export async function runSql<T>(
  executor: SqlExecutor,
  sql: string | PreparedStatement,
  params: readonly unknown[] = [],
): Promise<{ rows: T[]; affected: number }> {
  const manager = executor instanceof DataSource ? executor.manager : executor;
  const transactional = manager.queryRunner;
  const runner = transactional ?? manager.dataSource.createQueryRunner();
  sqlObserverOf(manager.dataSource)?.statementRun();
  try {
    if (typeof sql !== 'string' && preparesStatements(manager.dataSource)) {
      // TypeORM's query() cannot name a statement: the runner's own pg connection can.
      const client = (await runner.connect()) as ClientBase;
      const values = sqlParams(params);
      const result = await client.query<T & object>({ ...sql, values }).catch((error: Error) => {
        throw new QueryFailedError(sql.text, values, error);
      });
      return { rows: result.rows, affected: result.rowCount ?? 0 };
    }
    const text = typeof sql === 'string' ? sql : sql.text;
    const result = await runner.query(text, sqlParams(params), true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (!transactional) await runner.release();
  }
}

import type { DataSource } from 'typeorm';

/**
 * Told about every statement the stores run (the service's metrics implement it; persistence
 * must not depend on them). Called on hot paths: implementations stay cheap and never throw.
 */
export interface SqlObserver {
  /** One statement went to the database (transaction control and migrations are not counted). */
  statementRun(): void;
}

// Keyed by data source, not global: embedded mode and tests open several in one process.
const observers = new WeakMap<DataSource, SqlObserver>();

/** Has `observer` told about every statement `runSql` runs on this data source. */
export function observeSql(dataSource: DataSource, observer: SqlObserver): void {
  observers.set(dataSource, observer);
}

/** The observer of a data source, if any. */
export function sqlObserverOf(dataSource: DataSource): SqlObserver | undefined {
  return observers.get(dataSource);
}

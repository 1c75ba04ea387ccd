import type { SqlObserver } from '../shared/sql-observer.port';

/** How to reach the database; `schema` puts every table in that schema instead of `public`. */
export interface DatabaseOptions {
  readonly url: string;
  readonly schema?: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
  /** Milliseconds to wait for a connection before failing; default 5000. */
  readonly connectTimeoutMs?: number;
  /** Milliseconds before an idle pooled connection is closed; 0 keeps it open; default 10000. */
  readonly idleTimeoutMs?: number;
  /**
   * Whether the hot statements are prepared once per connection (default true); false behind a
   * pooler that cannot keep prepared statements across transactions (PgBouncer before 1.21 in
   * transaction mode).
   */
  readonly preparedStatements?: boolean;
  /**
   * One connection, every caller's statements pipelined on it (PipelinedConnectionPool), instead
   * of a pool; for a server that is one session (the embedded engine).
   */
  readonly pipelined?: boolean;
  /** Told about every statement the stores run (the service's metrics). */
  readonly observer?: SqlObserver;
}

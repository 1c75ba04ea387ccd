// PostgreSQL seen from outside: per-run databases, and the statistics views that count what a
// database did (transactions and row writes from pg_stat_database; statements from
// pg_stat_statements when the server preloads it; this bench never changes server settings).
import pg from 'pg';

export const PG_ADMIN_URL =
  process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL of database `name` on the same server. */
export const databaseUrl = (name) => PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);

/** Runs one statement as the admin user on the `postgres` database. */
export async function adminQuery(sql, params = []) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export const createDatabase = (name) => adminQuery(`CREATE DATABASE ${name}`);
export const dropDatabase = (name) => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

/** Whether pg_stat_statements is loaded by the server (it cannot be without a restart). */
export async function statementsAvailable() {
  const rows = await adminQuery(`SELECT current_setting('shared_preload_libraries') AS libs`);
  return /pg_stat_statements/.test(rows[0]?.libs ?? '');
}

/** The server's settings that change what a soak measures (autovacuum off: tables bloat). */
export async function serverSettings() {
  const rows = await adminQuery(
    `SELECT current_setting('server_version') AS version, current_setting('autovacuum') AS autovacuum,
       current_setting('shared_buffers') AS shared_buffers, current_setting('max_wal_size') AS max_wal_size`,
  );
  return rows[0];
}

/**
 * Counters of one database: commits, rollbacks and rows written; statements executed too when
 * pg_stat_statements is available (`client` must then be connected to that database, where the
 * extension is created). Backends publish their counters within about a second of going idle,
 * so read this after a short quiet spell.
 */
export async function databaseCounters(client, name, withStatements) {
  const { rows } = await client.query(
    `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted
       FROM pg_stat_database WHERE datname = $1`,
    [name],
  );
  const r = rows[0] ?? {};
  const out = {
    transactions: Number(r.xact_commit) + Number(r.xact_rollback),
    rowsWritten: Number(r.tup_inserted) + Number(r.tup_updated) + Number(r.tup_deleted),
  };
  if (withStatements) {
    const s = await client.query(
      `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [name],
    );
    out.statements = Number(s.rows[0]?.calls ?? 0);
  }
  return out;
}

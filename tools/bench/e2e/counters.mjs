// How many of a tenant's jobs reached each terminal state, as the read model says: straight from
// PostgreSQL (distributed mode: one indexed query, no load on the API) or from
// GET /v1/jobs/summary (embedded mode, whose database lives inside the process).
import pg from 'pg';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

function tally(counts) {
  const c = (s) => Number(counts[s] ?? 0);
  return {
    succeeded: c('SUCCEEDED'),
    failed: c('FAILED'),
    cancelled: c('CANCELLED'),
    terminal: TERMINAL.reduce((a, s) => a + c(s), 0),
    total: Object.values(counts).reduce((a, n) => a + Number(n), 0),
  };
}

/** Counts from the `jobs` table; `queries` says how many it ran (to subtract from SQL costs). */
export async function pgJobCounter(databaseUrl) {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'bench-counter',
  });
  await client.connect();
  let queries = 0;
  return {
    client,
    queries: () => queries,
    async count(tenant) {
      queries += 1;
      const { rows } = await client.query(
        'SELECT status, count(*)::int AS n FROM jobs WHERE tenant = $1 GROUP BY status',
        [tenant.tenant],
      );
      return tally(Object.fromEntries(rows.map((r) => [r.status, r.n])));
    },
    close: () => client.end(),
  };
}

/** Counts from GET /v1/jobs/summary with the tenant's key. */
export function restJobCounter(client) {
  return {
    queries: () => 0,
    async count(tenant) {
      const res = await client.get('/v1/jobs/summary', tenant.key);
      if (res.status !== 200) throw new Error(`summary: ${res.status} ${res.text.slice(0, 200)}`);
      return tally(res.json?.counts ?? {});
    },
    close: async () => undefined,
  };
}

// Row versions written per job, table by table: the distributed stack as real processes (as
// `npm run bench` starts it), a burst of system.ping jobs, and pg_stat_user_tables before and
// after. Tells which statement of which service a job's PostgreSQL cost comes from.
//   node tools/bench/rows-per-job.mjs [bulk|single] [jobs]    (after `npm run build`)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withPlatform } from './e2e/platform.mjs';
import { sleep, until } from './lib/wait.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODE = process.argv[2] ?? 'bulk';
const JOBS = Number(process.argv[3] ?? 5_000);
const WARM_UP = 100;
// Backends publish their table counters when idle, at most every 10 s (PGSTAT_IDLE_INTERVAL).
const STATS_SETTLE_MS = 12_000;
const KEY = `rows-${process.pid}-key`;

const TABLE_COUNTERS = `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot,
  n_tup_del AS del FROM pg_stat_user_tables`;

async function tableCounters(db) {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query(TABLE_COUNTERS);
  return new Map(rows.map((r) => [r.relname, r]));
}

function submitter(apiUrl) {
  const post = async (route, body) => {
    const res = await fetch(`${apiUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  };
  const job = { type: 'system.ping', input: {} };
  return async (mode, n) => {
    if (mode === 'bulk') {
      const batches = [];
      for (let i = 0; i < n; i += 500)
        batches.push(post('/v1/jobs/batch', { jobs: Array(Math.min(500, n - i)).fill(job) }));
      await Promise.all(batches);
      return;
    }
    let sent = 0;
    const caller = async () => {
      while (sent++ < n) await post('/v1/jobs', job);
    };
    await Promise.all(Array.from({ length: 32 }, caller));
  };
}

function printDelta(before, after, jobs) {
  let total = 0;
  const per = (a, b) => (Number(a) - Number(b ?? 0)) / jobs;
  for (const [table, a] of after) {
    const b = before.get(table) ?? {};
    const [ins, upd, hot, del] = [
      per(a.ins, b.ins),
      per(a.upd, b.upd),
      per(a.hot, b.hot),
      per(a.del, b.del),
    ];
    if (ins + upd + del < 0.001) continue;
    total += ins + upd + del;
    console.log(
      `${table.padEnd(24)} inserted ${ins.toFixed(2)}  updated ${upd.toFixed(2)} (HOT ${hot.toFixed(2)})  deleted ${del.toFixed(2)}`,
    );
  }
  console.log(`${'all tables'.padEnd(24)} ${total.toFixed(2)} row versions written per job`);
}

async function main() {
  await withPlatform(
    { root: ROOT, name: 'rows', apiKeys: `rows:${KEY}` },
    async (platform, cleanup) => {
      const db = new pg.Client({ connectionString: platform.databaseUrl });
      await db.connect();
      cleanup.push(() => db.end());
      const terminal = async (n) => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM jobs WHERE status IN ('SUCCEEDED', 'FAILED')`,
        );
        return rows[0].n >= n ? true : undefined;
      };
      const submit = submitter(platform.apiUrl);
      await submit('bulk', WARM_UP);
      await until('the warm-up jobs to finish', () => terminal(WARM_UP), 60_000, 50);
      await sleep(STATS_SETTLE_MS);
      const before = await tableCounters(db);
      const started = Date.now();
      await submit(MODE, JOBS);
      await until('the jobs to finish', () => terminal(WARM_UP + JOBS), 300_000, 50);
      const seconds = (Date.now() - started) / 1000;
      await sleep(STATS_SETTLE_MS);
      console.log(`${MODE}: ${JOBS} system.ping jobs terminal in ${seconds.toFixed(2)} s`);
      printDelta(before, await tableCounters(db), JOBS);
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

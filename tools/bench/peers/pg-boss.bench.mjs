// pg-boss on the local PostgreSQL, in a database of its own made for the run and dropped after:
// `insert` in batches of 1,000 (one statement each) while `workers` work() loops fetch up to
// `batch` jobs at a time (pg-boss completes a fetched batch in one statement), already running
// when the jobs arrive; a loop that fetched a full batch is woken with notifyWorker instead of
// waiting out pg-boss's polling floor (0.5 s). A job counts when pg-boss's table shows it
// completed. Defaults (1 loop, batch 5,000) were the strongest of 1-4 loops x 1,000-10,000
// measured on this machine (2 loops: about 0.7x; batches of 1,000-2,000: about 0.25x).
//   node tools/bench/peers/pg-boss.bench.mjs --jobs 50000 --reps 3 --workers 1 --batch 5000
import PgBoss from 'pg-boss';
import { median } from '../lib/stats.mjs';
import { nowMs, sleep } from '../lib/wait.mjs';
import { createDatabase, databaseUrl, dropDatabase } from '../system/postgres.mjs';
import { peerArgs, report } from './peer-args.mjs';

const args = peerArgs();
const JOBS = args.jobs ?? 20_000;
const REPS = args.reps ?? 3;
const WORKERS = args.workers ?? 1;
const BATCH = args.batch ?? 5_000;
const INSERT_BATCH = 1_000;
const database = String(args.database ?? `jobmill_bench_pgboss_${process.pid}`);

async function completed(boss, name) {
  const { rows } = await boss
    .getDb()
    .executeSql(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
      [name],
    );
  return rows[0].n;
}

async function once(boss, rep) {
  const name = `bench-${rep}`;
  await boss.createQueue(name);
  for (let i = 0; i < WORKERS; i++) {
    let id;
    // A full batch means more are waiting: notifyWorker skips the polling pause for the next
    // fetch (pg-boss's documented way past pollingIntervalSeconds).
    const handler = async (jobs) => void (jobs.length === BATCH && id && boss.notifyWorker(id));
    id = await boss.work(name, { batchSize: BATCH, pollingIntervalSeconds: 0.5 }, handler);
  }
  const data = { input: { n: 0 } };
  const t0 = nowMs();
  for (let sent = 0; sent < JOBS; sent += INSERT_BATCH) {
    const n = Math.min(INSERT_BATCH, JOBS - sent);
    await boss.insert(Array.from({ length: n }, () => ({ name, data })));
  }
  const acceptSeconds = (nowMs() - t0) / 1000;
  const deadline = t0 + 600_000;
  while ((await completed(boss, name)) < JOBS) {
    if (nowMs() > deadline) throw new Error('pg-boss jobs did not complete in time');
    await sleep(20);
  }
  const seconds = (nowMs() - t0) / 1000;
  await boss.offWork(name);
  return { jobs: JOBS, seconds, rate: JOBS / seconds, acceptSeconds };
}

await createDatabase(database);
const runs = [];
try {
  const boss = new PgBoss({
    connectionString: databaseUrl(database),
    max: 10,
    supervise: false,
    schedule: false,
  });
  boss.on('error', (error) => console.error(`pg-boss: ${error.message}`));
  await boss.start();
  try {
    await once(boss, 'warmup');
    for (let rep = 1; rep <= REPS; rep++) runs.push(await once(boss, rep));
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
} finally {
  await dropDatabase(database);
}
report({
  peer: 'pg-boss',
  config: `insert x${INSERT_BATCH}, ${WORKERS} work() loops, batchSize ${BATCH}`,
  label: `insert + ${WORKERS} work() x ${BATCH}`,
  runs,
  rate: median(runs.map((r) => r.rate)),
});

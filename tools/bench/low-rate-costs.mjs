// What one job costs at a steady low rate, one job per REST request (the latency part's load):
// CPU ms of every service, RabbitMQ and PostgreSQL, AMQP messages, SQL transactions and each
// service's statements (its own jobmill_sql_statements_total), write syscalls and wakeups (times a
// thread went to sleep waiting, summed over its threads) per job. At a low rate nothing shares a
// window, so every statement, message, socket write and wakeup is a job's own; on this kind of
// virtual machine a wakeup of an idle process costs about 0.1 ms of CPU.
//   node tools/bench/low-rate-costs.mjs [jobs/s] [seconds]    (after `npm run build`)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCosts } from './e2e/costs.mjs';
import { pgJobCounter } from './e2e/counters.mjs';
import { withPlatform } from './e2e/platform.mjs';
import { sleep, until } from './lib/wait.mjs';
import { postgresPids, rabbitPid } from './system/proc-stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RATE = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 10);
const WARM_UP_SECONDS = 5;
const KEY = `low-rate-${process.pid}-key`;
const TENANT = { tenant: 'low-rate', key: KEY };

/** Write syscalls so far (/proc/<pid>/io), 0 for a process gone or unreadable. */
function writes(pid) {
  try {
    return Number(/^syscw: (\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Voluntary context switches so far, summed over the process's live threads. */
function wakeups(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      return sum + Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }, 0);
  } catch {
    return 0;
  }
}

/** `read(pid)` for each service, RabbitMQ and PostgreSQL (all of its processes summed). */
function perProcess(apps, read) {
  const out = Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, read(app.pid)]));
  out.rabbitmq = read(rabbitPid());
  out.postgres = postgresPids().reduce((sum, pid) => sum + read(pid), 0);
  return out;
}

/** Each service's jobmill_sql_statements_total. */
async function statements(apps) {
  const out = {};
  for (const [name, app] of Object.entries(apps)) {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    out[name] = Number(/^jobmill_sql_statements_total\{[^}]*\} (\S+)/m.exec(text)?.[1] ?? 0);
  }
  return out;
}

/** Offers `n` jobs at RATE, one POST each; resolves when every POST was answered. */
async function offer(apiUrl, n) {
  const post = async () => {
    const res = await fetch(`${apiUrl}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ type: 'system.ping', input: {} }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`POST /v1/jobs: ${res.status}`);
  };
  const t0 = performance.now();
  const posts = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    posts.push(post());
  }
  await Promise.all(posts);
}

const perJob = (after, before, jobs) =>
  Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - (before[k] ?? 0)) / jobs]));

async function main() {
  await withPlatform(
    { root: ROOT, name: 'low-rate', apiKeys: `${TENANT.tenant}:${KEY}` },
    async (platform, cleanup) => {
      const counter = await pgJobCounter(platform.databaseUrl);
      cleanup.push(() => counter.close());
      const terminal = (n) => async () =>
        (await counter.count(TENANT)).terminal >= n ? true : undefined;
      const warmUp = RATE * WARM_UP_SECONDS;
      await offer(platform.apiUrl, warmUp);
      await until('the warm-up jobs to finish', terminal(warmUp), 60_000, 50);
      const jobs = RATE * SECONDS;
      const db = { counter, name: platform.database, withStatements: false };
      const finish = await startCosts({ apps: platform.apps, db });
      const statements0 = await statements(platform.apps);
      const [writes0, wakeups0] = [writes, wakeups].map((read) => perProcess(platform.apps, read));
      await offer(platform.apiUrl, jobs);
      await until('the jobs to finish', terminal(warmUp + jobs), 60_000, 20);
      const writesPerJob = perJob(perProcess(platform.apps, writes), writes0, jobs);
      const wakeupsPerJob = perJob(perProcess(platform.apps, wakeups), wakeups0, jobs);
      const costs = await finish(jobs);
      const statementsPerJob = perJob(await statements(platform.apps), statements0, jobs);
      console.log(`${jobs} system.ping jobs at ${RATE}/s, one POST /v1/jobs each; per job:`);
      for (const [name, ms] of Object.entries(costs.perJob.cpuMs)) {
        const sql =
          statementsPerJob[name] === undefined
            ? ''
            : `  statements ${statementsPerJob[name].toFixed(2)}`;
        const w =
          writesPerJob[name] === undefined
            ? ''
            : `  write syscalls ${writesPerJob[name].toFixed(1)}  wakeups ${wakeupsPerJob[name].toFixed(1)}`;
        console.log(`  ${name.padEnd(18)} CPU ${ms.toFixed(3)} ms${sql}${w}`);
      }
      const { amqp, sql } = costs.perJob;
      if (amqp)
        console.log(
          `  AMQP messages published ${amqp.published.toFixed(2)}, delivered ${amqp.delivered.toFixed(2)}`,
        );
      console.log(
        `  SQL transactions ${sql.transactions.toFixed(2)}, rows written ${sql.rowsWritten.toFixed(2)}`,
      );
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

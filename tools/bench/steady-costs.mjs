// What a job costs each process once the system is warm, in bulk or one command per AMQP
// message: a warm-up burst, then a burst of system.ping jobs drained, with the CPU of every
// service, RabbitMQ and PostgreSQL over the drain divided per job. The bench's own per-job
// rows come from short closed-loop bursts, ramp included; these are the steady figures behind
// docs/performance.md's "where a job's CPU goes". Prints one line per repetition.
//   node tools/bench/steady-costs.mjs [bulk|amqp] [jobs] [repetitions]    (after `npm run build`)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCosts } from './e2e/costs.mjs';
import { pgJobCounter } from './e2e/counters.mjs';
import { submitAll } from './e2e/drain.mjs';
import { jobKind } from './e2e/job-kinds.mjs';
import { AMQP_URL, withPlatform } from './e2e/platform.mjs';
import { amqpSubmitter, restBulkSubmitter } from './e2e/submitters.mjs';
import { tenantPool } from './e2e/tenants.mjs';
import { httpClient } from './lib/http-client.mjs';
import { nowMs, until } from './lib/wait.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MODE = process.argv[2] ?? 'bulk';
const JOBS = Number(process.argv[3] ?? 40_000);
const REPS = Number(process.argv[4] ?? 1);
const WARM_UP = 5_000;
// Chunks of 500 jobs (a bulk request, or 500 confirmed messages), this many at once.
const IN_FLIGHT = 8;

if (MODE !== 'bulk' && MODE !== 'amqp') throw new Error(`mode ${MODE}: bulk or amqp`);

const microseconds = (ms) => (ms * 1000).toFixed(0).padStart(4);

/** Submits `jobs` for `tenant` and waits until all are terminal; resolves with jobs/s. */
async function burst(submitter, counter, tenant, jobs) {
  const t0 = nowMs();
  await submitAll(submitter, tenant, jobs, IN_FLIGHT);
  const done = async () => ((await counter.count(tenant)).terminal >= jobs ? true : undefined);
  await until(`${jobs} jobs to finish`, done, 300_000, 20);
  return jobs / ((nowMs() - t0) / 1000);
}

async function main() {
  // One tenant per burst: each counts its own jobs.
  const tenants = tenantPool(`steady-${process.pid}`, REPS + 1);
  await withPlatform(
    { root: ROOT, name: 'steady', apiKeys: tenants.apiKeys },
    async (platform, cleanup) => {
      const counter = await pgJobCounter(platform.databaseUrl);
      cleanup.push(() => counter.close());
      const client = httpClient(platform.apiUrl);
      cleanup.push(async () => client.close());
      const submitter =
        MODE === 'bulk'
          ? restBulkSubmitter(client, jobKind('ping'))
          : await amqpSubmitter(AMQP_URL, platform.prefix, jobKind('ping'));
      if (submitter.close) cleanup.push(() => submitter.close());
      const next = () => tenants.next('ping', client);
      await burst(submitter, counter, await next(), WARM_UP);
      console.log(`${MODE}: ${JOBS} system.ping jobs a repetition, after ${WARM_UP} of warm-up`);
      const db = { counter, name: platform.database, withStatements: false };
      for (let rep = 1; rep <= REPS; rep++) {
        const tenant = await next();
        const finish = await startCosts({ apps: platform.apps, db });
        const rate = await burst(submitter, counter, tenant, JOBS);
        const { perJob } = await finish(JOBS);
        const cpu = Object.entries(perJob.cpuMs)
          .map(([name, ms]) => `${name} ${microseconds(ms)}`)
          .join('  ');
        const amqp = perJob.amqp
          ? `  AMQP published ${perJob.amqp.published.toFixed(2)}, delivered ${perJob.amqp.delivered.toFixed(2)}`
          : '';
        console.log(`  ${rate.toFixed(0)} jobs/s; CPU µs a job: ${cpu}${amqp}`);
      }
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// Parts 3, 4, 7 and 8 on the distributed stack: the three ways of submitting (drain, held
// rate, per-job costs), latency at a fixed rate, the soak, and every service's RSS idle and at
// peak. One stack for all of them, started once, in this run's own database and prefix.
import { median } from '../lib/stats.mjs';
import { httpClient } from '../lib/http-client.mjs';
import { sleep } from '../lib/wait.mjs';
import { memory } from '../system/proc-stats.mjs';
import { statementsAvailable } from '../system/postgres.mjs';
import { pgJobCounter } from './counters.mjs';
import { jobKind } from './job-kinds.mjs';
import { measureLatency } from './latency.mjs';
import { AMQP_URL, startPlatform } from './platform.mjs';
import { soak } from './soak.mjs';
import { startCosts } from './costs.mjs';
import { amqpSubmitter, restBulkSubmitter, restSingleSubmitter } from './submitters.mjs';
import { tenantPool } from './tenants.mjs';
import { measureVariant } from './variant.mjs';

/** Runs one measurement; a failure is logged and recorded as { error }, and the next one runs. */
async function attempt(log, name, fn) {
  try {
    return await fn();
  } catch (error) {
    log(`${name} FAILED: ${error.stack ?? error}`);
    return { error: String(error.message ?? error) };
  }
}

const rssOf = (apps, key) =>
  Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, memory(app.pid)?.[key]]));

async function latencyPart({ submitter, counter, nextTenant, opts, log }) {
  const runs = [];
  for (let rep = 0; rep < opts.searchReps; rep++) {
    const r = await measureLatency({
      submitter,
      counter,
      tenant: await nextTenant(),
      rate: opts.latencyRate,
      seconds: opts.latencySeconds,
    });
    log(
      `  latency ${rep + 1}/${opts.searchReps} at ${r.rate}/s (${r.held ? 'held' : 'NOT held'}): started p99 ${r.startedVisible.p99?.toFixed(0)} ms, terminal p99 ${r.terminalVisible.p99?.toFixed(0)} ms`,
    );
    runs.push(r);
  }
  const med = (path) => median(runs.map((r) => path(r)));
  const pair = (key) => ({ p50: med((r) => r[key].p50), p99: med((r) => r[key].p99) });
  return {
    rate: opts.latencyRate,
    held: runs.every((r) => r.held),
    post: pair('post'),
    startedVisible: pair('startedVisible'),
    terminalVisible: pair('terminalVisible'),
    startedEvent: pair('startedEvent'),
    finishedEvent: pair('finishedEvent'),
    // Absent from runs of an older bench (its JSON read back with --print).
    ...(runs.every((r) => r.recordedEvent) ? { recordedEvent: pair('recordedEvent') } : {}),
    runs,
  };
}

async function soakPart({ platform, submitter, counter, nextTenant, db, rate, opts, log }) {
  log(
    `soak: ${opts.soakWarmupSeconds} s of warm-up, then ${opts.soakSeconds} s at ${rate} jobs/s (bulk REST)`,
  );
  const finish = await startCosts({ apps: platform.apps, db });
  const result = await soak({
    apps: platform.apps,
    submitter,
    counter,
    tenant: await nextTenant(),
    rate,
    seconds: opts.soakSeconds,
    warmupSeconds: opts.soakWarmupSeconds,
  });
  result.costs = await finish(result.accepted);
  return result;
}

/** Runs the distributed parts selected in `opts.parts`; resolves with their results. */
export async function runDistributed({ root, runId, workDir, opts, cleanup, log }) {
  const pool = tenantPool(runId, 400);
  log('distributed: starting api, detection-worker, processing-worker, status');
  const platform = await startPlatform({
    root,
    runId,
    workDir,
    apiKeys: pool.apiKeys,
    workerConcurrency: opts.workerConcurrency,
    cleanup,
  });
  const client = httpClient(platform.apiUrl, 512);
  const counter = await pgJobCounter(platform.databaseUrl);
  const amqp = await amqpSubmitter(AMQP_URL, platform.prefix, jobKind(opts.job));
  try {
    const withStatements = await statementsAvailable();
    if (withStatements)
      await counter.client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const db = { counter, name: platform.database, withStatements };
    await sleep(3_000);
    const out = {
      idleRssMb: rssOf(platform.apps, 'rssMb'),
      statementsCounted: withStatements,
      variants: {},
    };
    const kind = jobKind(opts.job);
    const nextTenant = () => pool.next(opts.job, client);
    const bulk = restBulkSubmitter(client, kind);
    const single = restSingleSubmitter(client, kind);
    const variants = {
      bulk: { label: 'bulk REST', submitter: bulk, concurrency: 2, maxInFlight: 16 },
      amqp: { label: 'AMQP one per message', submitter: amqp, concurrency: 4, maxInFlight: 64 },
      rest: {
        label: 'REST one per request',
        submitter: single,
        concurrency: 32,
        maxInFlight: 1024,
      },
    };
    const common = { counter, nextTenant, apps: platform.apps, db, opts, log };
    for (const [name, v] of Object.entries(variants))
      if (opts.parts.has(name))
        out.variants[name] = await attempt(log, name, () => measureVariant({ ...common, ...v }));
    if (opts.parts.has('latency')) {
      log(`latency: ${opts.latencyRate} jobs/s offered, one job per REST request`);
      out.latency = await attempt(log, 'latency', () =>
        latencyPart({ submitter: single, counter, nextTenant, opts, log }),
      );
    }
    if (opts.parts.has('soak')) {
      const held = out.variants.bulk?.sustained?.rate;
      const rate = opts.soakRate ?? (held ? Math.max(10, Math.round(held / 2)) : 50);
      out.soak = await attempt(log, 'soak', () =>
        soakPart({
          platform,
          submitter: bulk,
          counter,
          nextTenant,
          db,
          rate,
          opts,
          log,
        }),
      );
    }
    out.peakRssMb = rssOf(platform.apps, 'hwmMb');
    return out;
  } finally {
    await amqp.close().catch(() => undefined);
    await counter.close().catch(() => undefined);
    client.close();
    await platform.stop();
  }
}

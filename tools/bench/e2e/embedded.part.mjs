// Part 9: embedded mode, one process (`node dist/apps/embedded/main.js`) with its in-process
// broker and PostgreSQL, measured like the distributed bulk submission: drain, highest rate
// held, CPU per job, RSS idle and at peak. Jobs are counted through GET /v1/jobs/summary.
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { httpClient } from '../lib/http-client.mjs';
import { nowMs, once, sleep } from '../lib/wait.mjs';
import { memory } from '../system/proc-stats.mjs';
import { startApp, stopApp } from '../system/processes.mjs';
import { restJobCounter } from './counters.mjs';
import { jobKind } from './job-kinds.mjs';
import { restBulkSubmitter } from './submitters.mjs';
import { tenantPool } from './tenants.mjs';
import { measureVariant } from './variant.mjs';

/** Runs embedded mode's part; resolves with { coldStartSeconds, idleRssMb, peakRssMb, bulk }. */
export async function runEmbedded({ root, runId, workDir, opts, cleanup, log }) {
  const pool = tenantPool(`${runId}e`, 200);
  const dataDir = path.join(workDir, 'embedded-data');
  log('embedded: starting one process on a fresh DATA_DIR');
  const t0 = nowMs();
  const app = await startApp({
    root,
    name: 'embedded',
    vars: {
      DATA_DIR: dataDir,
      API_KEYS: pool.apiKeys,
      LOG_LEVEL: 'warn',
      ...(opts.workerConcurrency ? { WORKER_CONCURRENCY: String(opts.workerConcurrency) } : {}),
    },
    logDir: workDir,
  });
  const stop = once(async () => {
    await stopApp(app);
    await rm(dataDir, { recursive: true, force: true });
  });
  cleanup.push(stop);
  const coldStartSeconds = (nowMs() - t0) / 1000;
  const client = httpClient(app.url, 64);
  try {
    await sleep(3_000);
    const idleRssMb = memory(app.pid)?.rssMb;
    const bulk = await measureVariant({
      label: 'embedded bulk REST',
      submitter: restBulkSubmitter(client, jobKind(opts.job)),
      concurrency: 2,
      maxInFlight: 16,
      counter: restJobCounter(client),
      nextTenant: () => pool.next(opts.job, client),
      apps: { embedded: app },
      servers: false,
      opts,
      log,
    });
    return { coldStartSeconds, idleRssMb, peakRssMb: memory(app.pid)?.hwmMb, bulk };
  } finally {
    client.close();
    await stop();
  }
}

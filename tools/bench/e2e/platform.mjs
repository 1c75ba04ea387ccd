// The distributed stack for one bench run: its own database, topology prefix and blob folder
// on the shared PostgreSQL and RabbitMQ, and the four services as processes. `stop()` kills
// them and removes everything the run created.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, databaseUrl, dropDatabase } from '../system/postgres.mjs';
import { startApp, stopApp } from '../system/processes.mjs';
import { deleteTopology } from '../system/rabbit.mjs';
import { once } from '../lib/wait.mjs';

export const AMQP_URL = process.env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const SERVICES = ['api', 'detection-worker', 'processing-worker', 'status'];

/** Starts the four services for run `runId`; `cleanup` gets the teardown at once. */
export async function startPlatform({ root, runId, workDir, apiKeys, workerConcurrency, cleanup }) {
  const database = `jobmill_bench_${runId}`;
  const prefix = `bench-${runId}.`;
  await createDatabase(database);
  const apps = {};
  const stop = once(async () => {
    await Promise.all(Object.values(apps).map((app) => stopApp(app)));
    await deleteTopology(AMQP_URL, prefix).catch((e) => console.error(`topology: ${e.message}`));
    await dropDatabase(database).catch((e) => console.error(`drop ${database}: ${e.message}`));
  });
  cleanup.push(stop);
  const vars = {
    AMQP_URL,
    DATABASE_URL: databaseUrl(database),
    TOPOLOGY_PREFIX: prefix,
    BLOB_DIR: path.join(workDir, 'blobs'),
    API_KEYS: apiKeys,
    LOG_LEVEL: 'warn',
    ...(workerConcurrency ? { WORKER_CONCURRENCY: String(workerConcurrency) } : {}),
  };
  const outcomes = await Promise.allSettled(
    SERVICES.map(
      async (name) => (apps[name] = await startApp({ root, name, vars, logDir: workDir })),
    ),
  );
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
  const ordered = Object.fromEntries(SERVICES.map((name) => [name, apps[name]]));
  return {
    apps: ordered,
    database,
    databaseUrl: databaseUrl(database),
    prefix,
    apiUrl: apps.api.url,
    stop,
  };
}

/**
 * For the standalone tools: the stack for one run (jobs of `name`, 100 job slots) in a temporary
 * work folder, handed to `use(platform, cleanup)`; everything is torn down after, also on failure.
 */
export async function withPlatform({ root, name, apiKeys }, use) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), `jobmill-${name}-`));
  const cleanup = [];
  try {
    const platform = await startPlatform({
      root,
      runId: `${name.replace(/\W/g, '')}${Date.now().toString(36)}`,
      workDir,
      apiKeys,
      workerConcurrency: 100,
      cleanup,
    });
    return await use(platform, cleanup);
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

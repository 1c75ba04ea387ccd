import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import amqp from 'amqplib';

/** Where the local services are (DESIGN.md: Local services). */
export const AMQP_URL = process.env['TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
export const PG_ADMIN_URL =
  process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** What every test run has of its own, whichever way the platform runs. */
export interface WorkEnvironment {
  readonly runId: string;
  readonly topologyPrefix: string;
  readonly blobDir: string;
  /** A temporary folder for fixtures and logs, removed by `dispose`. */
  readonly workDir: string;
  dispose(): Promise<void>;
}

/** One test run's private world on the shared services: its own database and prefix too. */
export interface TestEnvironment extends WorkEnvironment {
  readonly databaseUrl: string;
}

/** One test run's private world in embedded mode: a data folder, nothing on shared services. */
export interface EmbeddedEnvironment extends WorkEnvironment {
  /** DATA_DIR: the embedded PostgreSQL and, by default, the blobs (`blobDir` is inside it). */
  readonly dataDir: string;
}

/** Creates the private database, prefix and folders; `dispose` removes all of them. */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const runId = randomUUID().slice(0, 8);
  const database = `jm_sys_${runId}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const workDir = await mkdtemp(path.join(tmpdir(), `jobmill-${runId}-`));
  const topologyPrefix = `sys-${runId}.`;
  return {
    runId,
    databaseUrl: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`),
    topologyPrefix,
    blobDir: path.join(workDir, 'blobs'),
    workDir,
    dispose: async () => {
      await deleteTopology(topologyPrefix).catch(() => undefined);
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** A temporary folder with a DATA_DIR inside; touches neither RabbitMQ nor PostgreSQL. */
export async function createEmbeddedEnvironment(): Promise<EmbeddedEnvironment> {
  const runId = randomUUID().slice(0, 8);
  const workDir = await mkdtemp(path.join(tmpdir(), `jobmill-emb-${runId}-`));
  const dataDir = path.join(workDir, 'data');
  return {
    runId,
    topologyPrefix: `sys-${runId}.`,
    dataDir,
    // Embedded mode's default (BLOB_DIR unset): blobs beside the database.
    blobDir: path.join(dataDir, 'blobs'),
    workDir,
    dispose: () => rm(workDir, { recursive: true, force: true }),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Deletes every exchange and queue under a prefix (found on the node, so none is missed). */
async function deleteTopology(prefix: string): Promise<void> {
  const { queues, exchanges } = await topologyUnder(prefix);
  const connection = await amqp.connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * The default vhost's queues and exchanges named `prefix...`, listed in one `rabbitmqctl eval`:
 * each rabbitmqctl call starts an Erlang VM (about 1 s of CPU here), and this runs after each spec.
 */
async function topologyUnder(prefix: string): Promise<{ queues: string[]; exchanges: string[] }> {
  const listing = `
    [io:format("queue ~s~n", [N]) || Q <- rabbit_amqqueue:list(),
      {resource, <<"/">>, queue, N} <- [amqqueue:get_name(Q)]],
    [io:format("exchange ~s~n", [N]) || X <- rabbit_exchange:list(),
      {resource, <<"/">>, exchange, N} <- [element(2, X)]],
    ok.`;
  const ctl = async (...args: string[]) =>
    (await promisify(execFile)('rabbitmqctl', ['-q', ...args])).stdout.split('\n');
  const under = (names: string[]) =>
    names.map((name) => name.trim()).filter((name) => name.startsWith(prefix));
  const lines = await ctl('eval', listing).catch(() => undefined);
  // A node whose internals differ: the two listings the CLI documents, one VM each.
  if (!lines)
    return {
      queues: under(await ctl('list_queues', 'name')),
      exchanges: under(await ctl('list_exchanges', 'name')),
    };
  const named = (kind: string) =>
    under(lines.filter((l) => l.startsWith(`${kind} `)).map((l) => l.slice(kind.length + 1)));
  return { queues: named('queue'), exchanges: named('exchange') };
}

// `npm start`: builds if the sources changed, then runs jobmill.
//   TRANSPORT=embedded (default): one process, in-process broker, PostgreSQL embedded in DATA_DIR
//     (or DATABASE_URL's server if set). Nothing to install.
//   TRANSPORT=amqp: the four services as separate processes on RabbitMQ (AMQP_URL) and
//     PostgreSQL (DATABASE_URL), each with its own port, logs interleaved.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const transport = process.env.TRANSPORT ?? 'embedded';
if (transport !== 'embedded' && transport !== 'amqp') {
  console.error(
    `Invalid configuration: TRANSPORT must be "embedded" or "amqp", got "${transport}"`,
  );
  process.exit(1);
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  let built = 0;
  try {
    built = statSync(path.join(root, 'dist/apps/embedded/main.js')).mtimeMs;
  } catch {
    // Never built.
  }
  const sources = Math.max(
    newestSource(path.join(root, 'apps')),
    newestSource(path.join(root, 'libs')),
  );
  if (sources > built)
    execFileSync(process.execPath, [path.join(root, 'tools/build.mjs')], { stdio: 'inherit' });
}

async function ensureDatabase(url) {
  const { Client } = require('pg');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await client.end();
}

function run(name, env) {
  return spawn(process.execPath, [path.join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: Ctrl+C reaches only us, and each child gets one SIGTERM per Ctrl+C
    // (a second one makes it skip its graceful shutdown).
    detached: true,
  });
}

async function distributed() {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jobmill';
  const basePort = Number(process.env.PORT ?? 3000);
  await ensureDatabase(databaseUrl);
  const blobDir = process.env.BLOB_DIR ?? path.join(root, 'data/blobs');
  const names = ['api', 'detection-worker', 'processing-worker', 'status'];
  const children = names.map((name, i) =>
    run(name, { DATABASE_URL: databaseUrl, PORT: String(basePort + i), BLOB_DIR: blobDir }),
  );
  console.log(
    `[start] API on ${process.env.HOST ?? '127.0.0.1'}:${basePort} (docs: /docs); workers and status on ${basePort + 1}-${basePort + 3} (HOST)`,
  );
  return children.map((child, i) => [names[i], child]);
}

buildIfNeeded();
const children =
  transport === 'embedded' ? [['jobmill', run('embedded', {})]] : await distributed();

let stopping = false;
let lastInterrupt = 0;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const [, child] of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(
    children.map(([, c]) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  ).then(() => process.exit(code));
}
// The first Ctrl+C drains (the services say what they wait for); another stops them at once, as
// a second signal does to any of them, and what ran goes back to the queue. npm may hand on the
// terminal's SIGINT too: the same Ctrl+C seen twice within a moment counts once.
function interrupt() {
  const now = Date.now();
  if (now - lastInterrupt < 500) return;
  lastInterrupt = now;
  if (!stopping) return stop(0);
  console.log('[start] stopping now; running jobs go back to the queue');
  for (const [, child] of children) if (child.exitCode === null) child.kill('SIGTERM');
}
for (const [name, child] of children)
  child.on('exit', (code, signal) => {
    if (transport === 'amqp') console.log(`[start] ${name} exited (${signal ?? code})`);
    if (!stopping) stop(code ?? 1);
  });
process.on('SIGINT', interrupt);
process.on('SIGTERM', () => stop(0));
process.on('exit', () => {
  for (const [, child] of children) if (child.exitCode === null) child.kill('SIGTERM');
});

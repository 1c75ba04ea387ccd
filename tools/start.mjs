// `npm start`: builds, makes sure the database exists, and runs the four services as separate
// processes on the local RabbitMQ and PostgreSQL, each with its own port, logs prefixed.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Client } = require('pg');

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jobmill';
const basePort = Number(process.env.PORT ?? 3000);
const services = [
  ['api', basePort],
  ['detection-worker', basePort + 1],
  ['processing-worker', basePort + 2],
  ['status', basePort + 3],
];

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  await client.end();
}

execFileSync(process.execPath, [path.join(root, 'tools/build.mjs')], { stdio: 'inherit' });
await ensureDatabase(databaseUrl);
const children = services.map(([name, port]) => {
  const child = spawn(process.execPath, [path.join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BLOB_DIR: process.env.BLOB_DIR ?? path.join(root, 'data/blobs'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    console.log(`[start] ${name} exited (${signal ?? code})`);
    if (!stopping) stop(code ?? 1);
  });
  return child;
});
console.log(
  `[start] API on http://127.0.0.1:${basePort} (docs: /docs); workers on ${basePort + 1}-${basePort + 3}`,
);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// End-to-end throughput of embedded mode: one process, jobs from 202 to SUCCEEDED in the read
// model. Starts `dist/apps/embedded/main.js` (run `npm run build` first) on a fresh DATA_DIR,
// uploads one short WAV, submits N detection jobs (or system.ping jobs of 0 ms) in batches, and
// waits for the summary to count them all as SUCCEEDED. Also prints the cold start (empty
// DATA_DIR) time to readiness.
//   node tools/bench/embedded-throughput.mjs [jobs=2000] [batch=500] [detection|ping]
// The process gets this one's environment (WORKER_CONCURRENCY, say).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const JOBS = Number(process.argv[2] ?? 2000);
const BATCH = Number(process.argv[3] ?? 500);
const PING = process.argv[4] === 'ping';
const PORT = 3950;
const KEY = 'bench-key-0123456789';
const api = `http://127.0.0.1:${PORT}`;
const auth = { Authorization: `Bearer ${KEY}` };

/** One second of a 440 Hz tone, 16 kHz mono 16-bit: a valid, tiny detection input. */
function toneWav() {
  const rate = 16_000;
  const data = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

async function until(what, check, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function post(route, body, headers) {
  const res = await fetch(`${api}${route}`, {
    method: 'POST',
    headers: { ...auth, ...headers },
    body,
  });
  if (res.status >= 300) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'jobmill-bench-'));
const started = Date.now();
const child = spawn(process.execPath, [path.join(root, 'dist/apps/embedded/main.js')], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(PORT),
    API_KEYS: `bench:${KEY}`,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await until(
    'readiness',
    async () => ((await fetch(`${api}/health/ready`)).ok ? true : undefined),
    120_000,
  );
  const coldStartMs = Date.now() - started;
  const { id: uploadId } = await post('/v1/uploads', toneWav(), { 'Content-Type': 'audio/wav' });
  const t0 = Date.now();
  for (let sent = 0; sent < JOBS; sent += BATCH) {
    const jobs = Array.from({ length: Math.min(BATCH, JOBS - sent) }, () => ({
      ...(PING
        ? { type: 'system.ping', input: {} }
        : { type: 'detection.vad', input: { uploadId } }),
    }));
    await post('/v1/jobs/batch', JSON.stringify({ jobs }), { 'Content-Type': 'application/json' });
  }
  const acceptedMs = Date.now() - t0;
  await until(
    'every job to succeed',
    async () => {
      const { counts } = await (await fetch(`${api}/v1/jobs/summary`, { headers: auth })).json();
      if (counts.FAILED > 0) throw new Error(`${counts.FAILED} jobs failed`);
      return counts.SUCCEEDED === JOBS ? true : undefined;
    },
    600_000,
    200,
  );
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `embedded mode: cold start to ready ${(coldStartMs / 1000).toFixed(1)} s; ${JOBS} ${PING ? 'system.ping' : 'detection'} jobs ` +
      `(batches of ${BATCH}) accepted in ${(acceptedMs / 1000).toFixed(1)} s, all SUCCEEDED after ` +
      `${seconds.toFixed(1)} s: ${(JOBS / seconds).toFixed(0)} jobs/s end to end`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rm(dataDir, { recursive: true, force: true });
}

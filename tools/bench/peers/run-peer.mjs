// Runs one peer bench as a child process and reads its JSON line.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const FILES = { bullmq: 'bullmq.bench.mjs', pgboss: 'pg-boss.bench.mjs' };

/** Runs peer `name` (bullmq | pgboss) with `--key value` args; resolves with its result. */
export async function runPeer(name, args) {
  const argv = Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)]);
  const { stdout } = await run(process.execPath, [path.join(here, FILES[name]), ...argv], {
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

// Runs one peer bench as a child process and reads its JSON line.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropDatabase } from '../system/postgres.mjs';

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

/**
 * Removes what a peer bench killed mid-way could leave: its Redis keys under `bullmqPrefix`
 * and its database. Harmless when the peer cleaned up after itself.
 */
export async function removePeerLeftovers({ bullmqPrefix, pgbossDatabase }) {
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullmqPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  await dropDatabase(pgbossDatabase);
}

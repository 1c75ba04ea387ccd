// BullMQ on the local Redis, driven the way its own benchmarks drive it: Queue.addBulk in
// batches of 1,000 with removeOnComplete, one Worker with `concurrency` and a trivial
// processor, already running when the jobs arrive. A job counts when the worker's `completed`
// event fired (after BullMQ moved it to finished in Redis). Every key lives under a per-run
// prefix, removed at the end. Concurrency 100 was the strongest of 1-200 measured here.
//   node tools/bench/peers/bullmq.bench.mjs --jobs 50000 --reps 3 --concurrency 100 --prefix x
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { median } from '../lib/stats.mjs';
import { nowMs, until } from '../lib/wait.mjs';
import { peerArgs, report } from './peer-args.mjs';

const args = peerArgs();
const JOBS = args.jobs ?? 20_000;
const REPS = args.reps ?? 3;
const CONCURRENCY = args.concurrency ?? 100;
const BATCH = 1_000;
const prefix = String(args.prefix ?? `bench-bullmq-${process.pid}`);
const connection = {
  host: args.host ?? '127.0.0.1',
  port: args.port ?? 6379,
  maxRetriesPerRequest: null,
};

async function once(rep) {
  const name = `bench-${rep}`;
  const queue = new Queue(name, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
  });
  let completed = 0;
  const worker = new Worker(name, async () => 1, { connection, prefix, concurrency: CONCURRENCY });
  worker.on('completed', () => (completed += 1));
  await worker.waitUntilReady();
  const data = { input: { n: 0 } };
  const t0 = nowMs();
  for (let sent = 0; sent < JOBS; sent += BATCH) {
    const n = Math.min(BATCH, JOBS - sent);
    await queue.addBulk(Array.from({ length: n }, () => ({ name: 'job', data })));
  }
  const acceptSeconds = (nowMs() - t0) / 1000;
  await until(
    'BullMQ jobs to complete',
    async () => (completed >= JOBS ? true : undefined),
    600_000,
    5,
  );
  const seconds = (nowMs() - t0) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { jobs: JOBS, seconds, rate: JOBS / seconds, acceptSeconds };
}

/** Deletes whatever is left under the prefix. */
async function removeKeys() {
  const redis = new IORedis(connection);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

const runs = [];
try {
  await once('warmup');
  for (let rep = 1; rep <= REPS; rep++) runs.push(await once(rep));
} finally {
  await removeKeys();
}
report({
  peer: 'BullMQ',
  config: `addBulk x${BATCH}, Worker concurrency ${CONCURRENCY}, removeOnComplete`,
  label: `addBulk + Worker(c=${CONCURRENCY})`,
  runs,
  rate: median(runs.map((r) => r.rate)),
});

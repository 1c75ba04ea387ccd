// The bench's flags and the sizes they imply. Defaults aim at about 15 minutes on a 2-core
// machine (5 of them the soak); --quick is for development: smaller sizes, shorter windows.
import { parseArgs } from 'node:util';

/** Every part of the bench, in the order it runs; groups are shorthands for --only. */
export const PARTS = [
  'ceiling',
  'transport',
  'projector',
  'bullmq',
  'pgboss',
  'bulk',
  'amqp',
  'rest',
  'latency',
  'soak',
  'embedded',
];
const GROUPS = {
  peers: ['bullmq', 'pgboss'],
  e2e: ['bulk', 'amqp', 'rest'],
  distributed: ['bulk', 'amqp', 'rest', 'latency', 'soak'],
};

export const USAGE = `npm run bench -- [flags]
  --quick                 small sizes and short windows (development; a few minutes)
  --only <parts>          comma-separated: ${PARTS.join(', ')}
                          or groups: ${Object.keys(GROUPS).join(', ')} (default: everything)
  --job ping|detection    the job: system.ping of 0 ms (default) or detection.vad of a 0.25 s WAV
  --reps <n>              repetitions behind every median (default 3; --quick: held rates
                          and latency from one search/window unless --reps is given)
  --window-seconds <s>    length of one open-loop window (default 6, quick 4)
  --soak-seconds <s>      soak length (default 300, quick 30)
  --soak-warmup-seconds <s>  load at the soak's rate before the soak is measured (default 60,
                          quick 10)
  --soak-rate <jobs/s>    soak rate (default: half the bulk rate held, else 50)
  --latency-rate <jobs/s> offered rate of the latency part (default 200)
  --worker-concurrency <n>  WORKER_CONCURRENCY of the workers (default 100, as the BullMQ peer's)
  --json <file>           where to write the results (default tmp/bench-<time>.json)
  --print <file>          print the table of an earlier run's JSON file and exit`;

function expand(list) {
  const parts = new Set();
  for (const name of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const members = GROUPS[name] ?? (PARTS.includes(name) ? [name] : undefined);
    if (!members) throw new Error(`--only: unknown part '${name}'\n${USAGE}`);
    members.forEach((m) => parts.add(m));
  }
  return parts;
}

/** Parses argv into the run's options; throws with the usage on a bad flag. */
export function parseOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      job: { type: 'string', default: 'ping' },
      reps: { type: 'string' },
      'window-seconds': { type: 'string' },
      'soak-seconds': { type: 'string' },
      'soak-warmup-seconds': { type: 'string' },
      'soak-rate': { type: 'string' },
      'latency-rate': { type: 'string' },
      'worker-concurrency': { type: 'string' },
      json: { type: 'string' },
      print: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const num = (name, full, fast) =>
    values[name] !== undefined ? Number(values[name]) : quick ? fast : full;
  const reps = num('reps', 3, 3);
  return {
    help: values.help,
    quick,
    parts: values.only ? expand(values.only) : new Set(PARTS),
    job: values.job,
    reps,
    searchReps: values.reps !== undefined || !quick ? reps : 1,
    windowSeconds: num('window-seconds', 6, 4),
    soakSeconds: num('soak-seconds', 300, 30),
    soakWarmupSeconds: num('soak-warmup-seconds', 60, 10),
    soakRate: values['soak-rate'] ? Number(values['soak-rate']) : undefined,
    latencyRate: num('latency-rate', 200, 200),
    latencySeconds: quick ? 4 : 8,
    // Jobs in flight per worker, as the BullMQ peer's Worker concurrency: trivial jobs need many.
    workerConcurrency: Number(values['worker-concurrency'] ?? 100),
    json: values.json,
    print: values.print,
    ceilingMessages: quick ? 5_000 : 20_000,
    transportMessages: quick ? 5_000 : 20_000,
    projectorEvents: quick ? 20_000 : 100_000,
    peerJobs: quick ? 20_000 : 50_000,
    drainSeconds: quick ? 2 : 4,
    warmupJobs: quick ? 200 : 300,
    bisectSteps: quick ? 1 : 2,
  };
}

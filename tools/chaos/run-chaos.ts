// `npm run chaos -- [--minutes 5] [--seed N] [--rate 40]`: the distributed platform under a
// steady mix of submissions (REST, REST batches, commands straight onto the exchange,
// cancellations) while faults are drawn one after another for the given minutes: services
// killed or stopped and started again, the broker stopped, the database stopped. Then it waits
// for every accepted job and checks the ledger: each reached exactly one terminal state, none
// lost. On a private RabbitMQ node and PostgreSQL cluster (root, as the fault tests); not in CI.
// Exit code 1 when a promise was broken. The same seed replays the same faults and load.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { topologyNames } from '@jobmill/contracts';
import { ApiClient } from '../../test/support/api-client';
import {
  startService,
  stopService,
  TEST_API_KEY,
  TEST_API_KEYS,
  type ServiceName,
} from '../../test/support/platform-processes';
import { startPrivatePostgres } from '../../test/support/private-postgres';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '../../test/support/private-rabbitmq';
import type { TestEnvironment } from '../../test/support/test-environment';
import { FAULTS, type ChaosStack, type Instance } from './chaos-faults';
import { chaosLedger, type ChaosLedger } from './chaos-ledger';
import { ChaosLoad, MEAN_PING_SECONDS, type LoadTally } from './chaos-load';
import { between, pick, seededRandom } from './seeded-random';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    rate: { type: 'string', default: '40' },
    /** How long the owed jobs may make no progress before they count as lost. */
    'settle-seconds': { type: 'string', default: '120' },
    /** Only the faults whose name holds this text (e.g. `broker`, `kill -9`). */
    only: { type: 'string', default: '' },
  },
});
const SEED = Number(args.seed);
const CHAOS_MS = Number(args.minutes) * 60_000;
const RATE = Number(args.rate);
const SETTLE_MS = Number(args['settle-seconds']) * 1000;
/** Each of the two detection workers': either can carry the load alone while the other is down. */
const WORKER_SLOTS = Math.max(8, Math.ceil(RATE * MEAN_PING_SECONDS * 2));

const log = (line: string) =>
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Every instance answers ready: the faults are all undone. */
async function allReady(instances: readonly Instance[]): Promise<boolean> {
  const answers = await Promise.all(
    instances.map((i) =>
      fetch(`http://127.0.0.1:${i.service.port}/health/ready`)
        .then((r) => r.status === 200)
        .catch(() => false),
    ),
  );
  return answers.every(Boolean);
}

async function deadLetters(amqpUrl: string, queue: string): Promise<number> {
  const model = await connect(amqpUrl);
  try {
    const channel = await model.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await model.close();
  }
}

/** The accepted jobs' fate once every fault is undone, and what else a run must show. */
interface Outcome {
  readonly tally: LoadTally;
  readonly ledger: ChaosLedger;
  readonly unconfirmedJobs: number;
  readonly settledSeconds: number;
  readonly deadLetters: number;
  readonly ready: boolean;
}

/** Waits until every accepted job is terminal (or the settle time is up), then reads the ledger. */
async function settle(
  databaseUrl: string,
  tally: LoadTally,
  quietSince: number,
): Promise<Pick<Outcome, 'ledger' | 'unconfirmedJobs' | 'settledSeconds'>> {
  const ids = [...tally.accepted];
  // A backlog that still shrinks is being worked off: only a stall of SETTLE_MS ends the wait.
  let ledger = await chaosLedger(databaseUrl, ids);
  let progressAt = Date.now();
  while (ledger.lost.length > 0 && Date.now() - progressAt < SETTLE_MS) {
    await sleep(2_000);
    const before = ledger.lost.length;
    ledger = await chaosLedger(databaseUrl, ids);
    const left = ledger.lost.length;
    if (left < before) progressAt = Date.now();
    if (Math.floor(left / 500) !== Math.floor(before / 500))
      log(`${left} jobs still owed an outcome`);
  }
  const settledSeconds = (Date.now() - quietSince) / 1000;
  // Of the publishes whose confirm was lost, how many became jobs anyway (allowed either way).
  const maybe = await chaosLedger(databaseUrl, [...tally.unconfirmed]);
  return {
    ledger,
    unconfirmedJobs: maybe.accepted - (maybe.byStatus['NO ROW'] ?? 0),
    settledSeconds,
  };
}

/** Prints the run's report; returns the promises broken (none: every promise kept). */
function report(faults: readonly string[], outcome: Outcome): string[] {
  const { tally, ledger } = outcome;
  const broken = [
    ...(ledger.lost.length > 0 ? [`${ledger.lost.length} accepted jobs lost`] : []),
    ...(ledger.duplicated.length > 0 ? [`${ledger.duplicated.length} jobs with two outcomes`] : []),
    ...(tally.wrong.length > 0 ? [`${tally.wrong.length} wrong answers`] : []),
    ...(outcome.ready ? [] : ['a service is not ready after the faults']),
  ];
  console.log('');
  console.log(`jobmill chaos  seed ${SEED}  ${faults.length} faults in ${args.minutes} min`);
  for (const line of faults) console.log(`  fault: ${line}`);
  console.log(
    `  submitted: REST ${tally.byPath.rest}, REST batches ${tally.byPath.batch}, AMQP ${tally.byPath.amqp}; ` +
      `${tally.cancels} cancellations answered`,
  );
  console.log(
    `  answers: ${tally.accepted.size} accepted, ${tally.refused} refused (503 + Retry-After, or no answer), ` +
      `${tally.unconfirmed.size} published without a confirm (${outcome.unconfirmedJobs} of them became jobs)`,
  );
  for (const line of tally.wrong.slice(0, 20)) console.log(`  wrong answer: ${line}`);
  console.log(
    `  ledger: ${JSON.stringify(ledger.byStatus)}; lost ${ledger.lost.length}, two outcomes ${ledger.duplicated.length}, ` +
      `started more than once ${ledger.restarted}; settled ${outcome.settledSeconds.toFixed(0)} s after the last fault`,
  );
  for (const id of [...ledger.lost, ...ledger.duplicated].slice(0, 20)) console.log(`  job: ${id}`);
  console.log(
    `  dead letters kept: ${outcome.deadLetters}; every service ready: ${outcome.ready ? 'yes' : 'NO'}`,
  );
  console.log(`  verdict: ${broken.length === 0 ? 'every promise kept' : broken.join('; ')}`);
  return broken;
}

/** Where the jobs still owed are: the queues, and each worker's slots and jobs in flight. */
async function diagnose(rabbit: PrivateRabbitMq, instances: readonly Instance[]): Promise<void> {
  const queues = await rabbit.ctl(
    'list_queues',
    '--quiet',
    'name',
    'messages_ready',
    'messages_unacknowledged',
    'consumers',
  );
  console.log(`  queues (ready, unacked, consumers):\n${queues.replace(/^/gm, '    ')}`);
  for (const instance of instances) {
    const text = await fetch(`http://127.0.0.1:${instance.service.port}/metrics`)
      .then((r) => r.text())
      .catch((error: Error) => error.message);
    const lines = text.split('\n').filter((l) => /^jobmill_(jobs_in_flight|job_slots)/.test(l));
    for (const line of lines) console.log(`  ${instance.label}: ${line}`);
  }
}

/** Draws faults one after another until the chaos time is up; returns what each did. */
async function injectFaults(stack: ChaosStack, random: () => number): Promise<string[]> {
  const faults: string[] = [];
  const chosen = FAULTS.filter((f) => f.name.includes(args.only ?? ''));
  if (chosen.length === 0) throw new Error(`no fault's name holds '${args.only}'`);
  const chaosEnds = Date.now() + CHAOS_MS;
  while (Date.now() < chaosEnds) {
    await sleep(between(random, 3_000, 12_000));
    const fault = pick(random, chosen);
    const began = Date.now();
    const what = await fault.run(stack, random);
    faults.push(what);
    log(`${what} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  }
  return faults;
}

/** The run's folder (blobs, logs) and names; everything else lives on the private servers. */
async function workEnvironment(databaseUrl: string): Promise<TestEnvironment> {
  const runId = randomUUID().slice(0, 8);
  const workDir = await mkdtemp(path.join(tmpdir(), `jobmill-chaos-${runId}-`));
  return {
    runId,
    databaseUrl,
    topologyPrefix: `chaos-${runId}.`,
    blobDir: path.join(workDir, 'blobs'),
    workDir,
    dispose: () => rm(workDir, { recursive: true, force: true }),
  };
}

async function main(): Promise<number> {
  const random = seededRandom(SEED);
  log(`seed ${SEED}, ${args.minutes} min of faults, ${RATE} jobs/s offered`);
  const rabbit = await startPrivateRabbitMq();
  const pg = await startPrivatePostgres();
  const env = await workEnvironment(await pg.createDatabase('jobmill_chaos'));
  const instances: Instance[] = [];
  let load: ChaosLoad | undefined;
  let keepLogs = false;
  try {
    const { databaseUrl } = env;
    const vars = (name: ServiceName) => ({
      AMQP_URL: rabbit.url,
      DATABASE_URL: databaseUrl,
      TOPOLOGY_PREFIX: env.topologyPrefix,
      BLOB_DIR: env.blobDir,
      API_KEYS: TEST_API_KEYS,
      LOG_LEVEL: 'info',
      // A publish the broker does not confirm fails soon, so a 503 answers while it is away.
      ...(name === 'api' ? { PUBLISH_TIMEOUT_MS: '2000' } : {}),
      // Enough slots for the offered rate of pings (about 0.5 s each on average), with room.
      ...(name === 'detection-worker' ? { WORKER_CONCURRENCY: String(WORKER_SLOTS) } : {}),
    });
    const start = async (label: string, name: ServiceName) =>
      instances.push({ label, name, service: await startService(name, env, vars(name)) });
    await start('status', 'status');
    await start('api', 'api');
    await start('detection-worker#1', 'detection-worker');
    await start('detection-worker#2', 'detection-worker');
    const stack: ChaosStack = { rabbit, pg, instances, vars, logDir: env.workDir };
    const api = new ApiClient(`http://127.0.0.1:${instances[1]?.service.port}`, TEST_API_KEY);
    const names = topologyNames(env.topologyPrefix);

    load = new ChaosLoad(api, rabbit.url, names.commands, random, RATE);
    load.start();
    const faults = await injectFaults(stack, random);
    const quietSince = Date.now();
    await sleep(5_000);
    await load.stop();
    const tally = load.tally;
    load = undefined;
    log(`load stopped: ${tally.accepted.size} accepted; waiting for their outcomes`);
    const outcome: Outcome = {
      tally,
      ...(await settle(databaseUrl, tally, quietSince)),
      deadLetters: await deadLetters(rabbit.url, names.deadLetterQueue),
      ready: await allReady(instances),
    };
    const broken = report(faults, outcome);
    keepLogs = broken.length > 0;
    if (keepLogs) {
      console.log(`  logs kept in ${env.workDir}`);
      await diagnose(rabbit, instances);
    }
    return broken.length === 0 ? 0 : 1;
  } finally {
    await load?.stop();
    await Promise.all(instances.map((i) => stopService(i.service)));
    await rabbit.remove();
    await pg.remove();
    if (!keepLogs) await env.dispose();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);

import { setTimeout as sleep } from 'node:timers/promises';
import {
  awaitReady,
  exitOf,
  spawnApp,
  stopService,
  type RunningService,
  type ServiceName,
} from '../../test/support/platform-processes';
import type { PrivatePostgres } from '../../test/support/private-postgres';
import type { PrivateRabbitMq } from '../../test/support/private-rabbitmq';
import { between, pick } from './seeded-random';

/** One running instance of a service; two detection workers share the work. */
export interface Instance {
  readonly label: string;
  readonly name: ServiceName;
  service: RunningService;
}

/** What the faults act on: the private broker and database, and every service's instance. */
export interface ChaosStack {
  readonly rabbit: PrivateRabbitMq;
  readonly pg: PrivatePostgres;
  readonly instances: Instance[];
  /** Each service's settings, to start it again as it was. */
  readonly vars: (name: ServiceName) => Record<string, string>;
  readonly logDir: string;
}

export interface Fault {
  readonly name: string;
  /** Injects the fault and undoes it; resolves with what happened, for the run's log. */
  run(stack: ChaosStack, random: () => number): Promise<string>;
}

/**
 * Starts an instance again on its port, up to live (ready may wait on a broker or database still
 * away), as an orchestrator would: a start that exits (a service refuses to start without its
 * database) is tried again a second later, for up to two minutes.
 */
async function restart(stack: ChaosStack, instance: Instance): Promise<void> {
  const { name } = instance;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const spawned = await spawnApp(name, stack.vars(name), stack.logDir, instance.service.port);
    // A start that exits is given up at once (and one that hangs is killed at the deadline).
    const live = await awaitReady(spawned, 'live', Math.max(deadline - Date.now(), 0)).then(
      () => true,
      () => false,
    );
    if (live) {
      instance.service = spawned;
      return;
    }
    if (Date.now() > deadline) throw new Error(`${instance.label} did not come back within 2 min`);
    await sleep(1_000);
  }
}

async function kill(instance: Instance, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (signal === 'SIGKILL') {
    const exited = exitOf(instance.service);
    instance.service.process.kill('SIGKILL');
    await exited;
  } else await stopService(instance.service, 30_000);
}

const killOne = (signal: 'SIGKILL' | 'SIGTERM'): Fault => ({
  name: signal === 'SIGKILL' ? 'kill -9' : 'SIGTERM',
  run: async (stack, random) => {
    const instance = pick(random, stack.instances);
    const downMs = between(random, 200, 4_000);
    await kill(instance, signal);
    await sleep(downMs);
    await restart(stack, instance);
    return `${signal} ${instance.label}, started again after ${downMs} ms`;
  },
});

/** Both detection workers at once: their jobs wait, unacked, until one comes back. */
const killAllWorkers: Fault = {
  name: 'kill -9 every detection worker',
  run: async (stack, random) => {
    const workers = stack.instances.filter((i) => i.name === 'detection-worker');
    const downMs = between(random, 500, 6_000);
    await Promise.all(workers.map((w) => kill(w, 'SIGKILL')));
    await sleep(downMs);
    await Promise.all(workers.map((w) => restart(stack, w)));
    return `SIGKILL ${workers.map((w) => w.label).join(' + ')}, started again after ${downMs} ms`;
  },
};

/** A server stopped for 2-12 s and started again (its clients reconnect by themselves). */
const outage = (
  name: string,
  label: string,
  server: (stack: ChaosStack) => { stop(): Promise<void>; start(): Promise<void> },
): Fault => ({
  name,
  run: async (stack, random) => {
    const downMs = between(random, 2_000, 12_000);
    await server(stack).stop();
    await sleep(downMs);
    await server(stack).start();
    return `${label} for ${downMs} ms`;
  },
});

const brokerOutage = outage('broker stop_app', 'RabbitMQ stop_app', ({ rabbit }) => ({
  stop: () => rabbit.stopApp(),
  start: () => rabbit.startApp(),
}));
const databaseOutage = outage('database stop', 'PostgreSQL stopped', ({ pg }) => pg);

/** A worker killed while the broker is away: it comes back to a broker that is still down. */
const workerKilledDuringBrokerOutage: Fault = {
  name: 'kill -9 a worker during a broker outage',
  run: async (stack, random) => {
    const worker = pick(
      random,
      stack.instances.filter((i) => i.name === 'detection-worker'),
    );
    const downMs = between(random, 3_000, 10_000);
    await stack.rabbit.stopApp();
    await kill(worker, 'SIGKILL');
    await restart(stack, worker);
    await sleep(downMs);
    await stack.rabbit.startApp();
    return `RabbitMQ stop_app for ${downMs} ms, ${worker.label} SIGKILLed and started meanwhile`;
  },
};

/** A service killed while the database is away: it must come back (or be brought back) once it returns. */
const killedDuringDatabaseOutage: Fault = {
  name: 'kill -9 a service during a database outage',
  run: async (stack, random) => {
    const instance = pick(random, stack.instances);
    const downMs = between(random, 3_000, 10_000);
    await stack.pg.stop();
    await kill(instance, 'SIGKILL');
    const restarted = restart(stack, instance);
    await sleep(downMs);
    await stack.pg.start();
    await restarted;
    return `PostgreSQL stopped for ${downMs} ms, ${instance.label} SIGKILLed and started again meanwhile`;
  },
};

/** The faults a run draws from, the process faults more often than the server outages. */
export const FAULTS: readonly Fault[] = [
  killOne('SIGKILL'),
  killOne('SIGKILL'),
  killOne('SIGKILL'),
  killOne('SIGTERM'),
  killAllWorkers,
  brokerOutage,
  databaseOutage,
  workerKilledDuringBrokerOutage,
  killedDuringDatabaseOutage,
];

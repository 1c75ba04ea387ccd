import { Client } from 'pg';
import { AmqpTap } from './amqp-tap';
import { HoldingProxy } from './holding-proxy';
import {
  startService,
  stopService,
  type RunningService,
  type ServiceName,
} from './platform-processes';
import { AMQP_URL, createTestEnvironment, type TestEnvironment } from './test-environment';

/** API replicas that take over: short periods, so that a test waits seconds, not a minute. */
export const SWEEPER_ENV = {
  PUBLISH_TIMEOUT_MS: '2000',
  REPUBLISH_AFTER_MS: '5000',
  REPUBLISH_INTERVAL_MS: '300',
};

/**
 * A world in which an API process can be killed between recording a job and its command
 * reaching the broker: a proxy in front of the broker that can hold, a tap on the exchanges, a
 * database client, and the services started (stopped at the end).
 */
export interface DoomedApiWorld {
  env: TestEnvironment;
  proxy: HoldingProxy;
  tap: AmqpTap;
  db: Client;
  readonly running: RunningService[];
}

/** Registers beforeAll/afterAll that build the world with `services` running, and tear it down. */
export function useDoomedApiWorld(services: readonly ServiceName[]): DoomedApiWorld {
  const world = { running: [] } as unknown as DoomedApiWorld;
  beforeAll(async () => {
    world.env = await createTestEnvironment();
    const port = Number(new URL(AMQP_URL).port);
    world.proxy = await HoldingProxy.start({ host: '127.0.0.1', port });
    for (const name of services) world.running.push(await startService(name, world.env));
    world.db = new Client({ connectionString: world.env.databaseUrl });
    await world.db.connect();
    world.tap = await AmqpTap.open();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(world.running.map((s) => stopService(s)));
    await world.tap?.close();
    await world.db?.end();
    await world.proxy?.close();
    await world.env?.dispose();
  }, 60_000);
  return world;
}

/** An API that speaks to the broker through the world's proxy and waits long for its confirms. */
export async function startDoomedApi(world: DoomedApiWorld): Promise<RunningService> {
  const api = await startService('api', world.env, {
    AMQP_URL: world.proxy.urlFor(AMQP_URL),
    PUBLISH_TIMEOUT_MS: '30000',
    REPUBLISH_AFTER_MS: '120000',
  });
  world.running.push(api);
  return api;
}

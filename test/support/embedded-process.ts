import { ApiClient } from './api-client';
import {
  awaitReady,
  spawnApp,
  TEST_API_KEY,
  TEST_API_KEYS,
  type RunningService,
} from './platform-processes';
import type { EmbeddedEnvironment } from './test-environment';

/** Nothing listens on port 1: an embedded process that reached for RabbitMQ would fail. */
export const CLOSED_AMQP_URL = 'amqp://127.0.0.1:1';

/**
 * Embedded mode's whole environment for a test: its DATA_DIR, RabbitMQ unreachable, and no
 * DATABASE_URL, so the database is the one in DATA_DIR. libpq's variables point at nothing,
 * as a user's shell may set them for another server: embedded mode must not follow them.
 */
export function embeddedVars(
  env: EmbeddedEnvironment,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATA_DIR: env.dataDir,
    AMQP_URL: CLOSED_AMQP_URL,
    PGHOST: '127.0.0.1',
    PGPORT: '1',
    PGSSLMODE: 'require',
    TOPOLOGY_PREFIX: env.topologyPrefix,
    API_KEYS: TEST_API_KEYS,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Spawns `node dist/apps/embedded/main.js` on the environment's DATA_DIR, without waiting. */
export function spawnEmbedded(
  env: EmbeddedEnvironment,
  extra: Record<string, string> = {},
): Promise<RunningService> {
  return spawnApp('embedded', embeddedVars(env, extra), env.workDir);
}

/** Starts the embedded process and waits until it is ready (a first start initialises PGDATA). */
export async function startEmbedded(
  env: EmbeddedEnvironment,
  extra: Record<string, string> = {},
): Promise<RunningService> {
  return awaitReady(await spawnEmbedded(env, extra), 'ready', 90_000);
}

/** The test tenant's client for a running app. */
export function apiOf(service: RunningService, key = TEST_API_KEY): ApiClient {
  return new ApiClient(`http://127.0.0.1:${service.port}`, key);
}

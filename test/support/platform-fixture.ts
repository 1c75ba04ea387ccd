import { ApiClient } from './api-client';
import { startEmbedded } from './embedded-process';
import {
  SERVICES,
  startPlatform,
  stopService,
  TEST_API_KEY,
  type RunningService,
  type ServiceName,
} from './platform-processes';
import {
  createEmbeddedEnvironment,
  createTestEnvironment,
  type WorkEnvironment,
} from './test-environment';

/**
 * How the platform under test runs: `distributed` (four processes on RabbitMQ and PostgreSQL)
 * or `embedded` (one process, in-process broker, PostgreSQL in its DATA_DIR), by
 * JOBMILL_TEST_MODE; the jest project `system-embedded` sets it.
 */
export type PlatformMode = 'distributed' | 'embedded';
export const PLATFORM_MODE: PlatformMode =
  process.env['JOBMILL_TEST_MODE'] === 'embedded' ? 'embedded' : 'distributed';

/** A started platform for one spec file: its environment, processes and an API client. */
export interface PlatformFixture {
  readonly mode: PlatformMode;
  env: WorkEnvironment;
  /** Each service's process; in embedded mode all four name the same one process. */
  services: Record<ServiceName, RunningService>;
  api: ApiClient;
}

type ExtraEnv = Partial<Record<ServiceName, Record<string, string>>>;

/** Merges every service's extras: the one embedded process reads all their settings. */
const mergedExtras = (extraEnv: ExtraEnv): Record<string, string> =>
  Object.assign({}, ...SERVICES.map((name) => extraEnv[name] ?? {})) as Record<string, string>;

/** Starts the platform by PLATFORM_MODE; the environment is on `fixture` before any process. */
async function start(fixture: PlatformFixture, extraEnv: ExtraEnv): Promise<void> {
  if (PLATFORM_MODE === 'embedded') {
    const env = await createEmbeddedEnvironment();
    fixture.env = env;
    const one = await startEmbedded(env, mergedExtras(extraEnv));
    fixture.services = Object.fromEntries(SERVICES.map((name) => [name, one])) as Record<
      ServiceName,
      RunningService
    >;
  } else {
    const env = await createTestEnvironment();
    fixture.env = env;
    fixture.services = await startPlatform(env, extraEnv);
  }
  fixture.api = new ApiClient(`http://127.0.0.1:${fixture.services.api.port}`, TEST_API_KEY);
}

/**
 * Registers beforeAll/afterAll that start the platform (four services, or the one embedded
 * process, by PLATFORM_MODE) and tear everything down.
 */
export function usePlatform(extraEnv: ExtraEnv = {}): PlatformFixture {
  const fixture = { mode: PLATFORM_MODE } as PlatformFixture;
  beforeAll(() => start(fixture, extraEnv), 120_000);
  afterAll(async () => {
    if (fixture.services)
      await Promise.all([...new Set(Object.values(fixture.services))].map((s) => stopService(s)));
    await fixture.env?.dispose();
  }, 60_000);
  return fixture;
}

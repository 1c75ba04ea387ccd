import { ApiClient } from './api-client';
import {
  startPlatform,
  stopService,
  TEST_API_KEY,
  type RunningService,
  type ServiceName,
} from './platform-processes';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

/** A started platform for one spec file: its environment, processes and an API client. */
export interface PlatformFixture {
  env: TestEnvironment;
  services: Record<ServiceName, RunningService>;
  api: ApiClient;
}

/** Registers beforeAll/afterAll that start all four services and tear everything down. */
export function usePlatform(
  extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
): PlatformFixture {
  const fixture = {} as PlatformFixture;
  beforeAll(async () => {
    fixture.env = await createTestEnvironment();
    fixture.services = await startPlatform(fixture.env, extraEnv);
    fixture.api = new ApiClient(`http://127.0.0.1:${fixture.services.api.port}`, TEST_API_KEY);
  }, 120_000);
  afterAll(async () => {
    if (fixture.services)
      await Promise.all(Object.values(fixture.services).map((s) => stopService(s)));
    await fixture.env?.dispose();
  }, 60_000);
  return fixture;
}

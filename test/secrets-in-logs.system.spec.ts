import { readFile } from 'node:fs/promises';
import { ApiClient } from './support/api-client';
import { startService, stopService, type RunningService } from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

const AMQP_PASSWORD = 'amqp-pw-5e9c1d';
const PG_PASSWORD = 'pg-pw-77a0b2';
const KEY = 'acme-key-3f8e6a41';
const ADMIN_KEY = 'admin-key-90c2d7ee';
const WRONG_KEY = 'wrong-key-b51d0c3a';

// The mechanism is proven in libs/platform (secret-redaction.spec.ts); this guards the whole
// process's output against any code path, ours or a library's, that starts writing one.
describe('secrets in the logs of a running API', () => {
  let env: TestEnvironment;
  let api: RunningService;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // The broker is unreachable (port 1), so its URL shows up in connection errors and 503s;
    // the local PostgreSQL trusts local connections, so the password is carried but not needed.
    api = await startService(
      'api',
      env,
      {
        AMQP_URL: `amqp://jobmill:${AMQP_PASSWORD}@127.0.0.1:1`,
        DATABASE_URL: env.databaseUrl.replace('postgres@', `postgres:${PG_PASSWORD}@`),
        API_KEYS: `acme:${KEY}`,
        ADMIN_API_KEYS: ADMIN_KEY,
        PUBLISH_TIMEOUT_MS: '1000',
        LOG_LEVEL: 'trace',
      },
      'live',
    );
  }, 120_000);

  afterAll(async () => {
    if (api) await stopService(api);
    await env?.dispose();
  }, 60_000);

  it('never writes a password or an API key, even while failing', async () => {
    const base = `http://127.0.0.1:${api.port}`;
    const acme = new ApiClient(base, KEY);
    // A 503 (no broker), a 401 with an unknown key, admin calls, a body that names a key.
    expect(
      (await acme.request('POST', '/v1/jobs', { type: 'system.ping', input: {} })).status,
    ).toBe(503);
    expect((await new ApiClient(base, WRONG_KEY).request('GET', '/v1/jobs')).status).toBe(401);
    await new ApiClient(base, ADMIN_KEY).request('GET', '/v1/admin/dead-letters');
    await fetch(`${base}/v1/jobs`, {
      headers: { 'x-api-key': KEY, authorization: `Basic ${KEY}` },
    });
    await acme.request('POST', '/v1/jobs', { type: 'system.ping', input: { apiKey: ADMIN_KEY } });
    await stopService(api);

    const log = await readFile(api.logFile, 'utf8');
    // The log did record the failures: the test is looking at the lines that could leak.
    expect(log).toMatch(/broker|ECONNREFUSED/i);
    expect(log).toContain('POST /v1/jobs');
    for (const secret of [AMQP_PASSWORD, PG_PASSWORD, KEY, ADMIN_KEY, WRONG_KEY])
      expect(log).not.toContain(secret);
  });
});

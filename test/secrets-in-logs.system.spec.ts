import { readFile } from 'node:fs/promises';
import { ApiClient } from './support/api-client';
import {
  exitOf,
  spawnApp,
  startService,
  stopService,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

const AMQP_PASSWORD = 'amqp-pw-5e9c1d';
const PG_PASSWORD = 'pg-pw-77a0b2';
const KEY = 'acme-key-3f8e6a41';
const ADMIN_KEY = 'admin-key-90c2d7ee';
const WRONG_KEY = 'wrong-key-b51d0c3a';
const REDACTED = '[redacted]';

interface LogLine {
  readonly msg?: string;
  readonly extra?: { readonly headers?: Record<string, unknown> }[];
}

const linesOf = (log: string): LogLine[] =>
  log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/** The first line whose message starts with `prefix`; fails the test if there is none. */
function lineStarting(lines: readonly LogLine[], prefix: string): LogLine {
  const line = lines.find((l) => l.msg?.startsWith(prefix));
  if (!line) throw new Error(`no log line starts with '${prefix}'`);
  return line;
}

// The mechanism is proven in libs/platform (secret-redaction.spec.ts); this guards the whole
// process's output against any code path, ours or a library's, that starts writing one. Every
// secret below is handed to the logger on the paths driven here (the broker's URL in connection
// errors, a failing request's headers and query), and the test checks each one's place in the
// log is censored: without the redaction it fails.
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
    // 503s (no broker) whose request carries keys in its headers and query, a 401 with an
    // unknown key, and a body that names a key.
    const job = { type: 'system.ping', input: {} };
    const queried = await acme.request('POST', `/v1/jobs?api_key=${WRONG_KEY}`, job, {
      cookie: `session=${KEY}`,
    });
    expect(queried.status).toBe(503);
    expect((await new ApiClient(base, WRONG_KEY).request('GET', '/v1/jobs')).status).toBe(401);
    const admin = await fetch(`${base}/v1/admin/dead-letters`, {
      headers: { 'x-api-key': ADMIN_KEY },
    });
    expect(admin.status).toBe(503);
    await acme.request('POST', '/v1/jobs', { type: 'system.ping', input: { apiKey: ADMIN_KEY } });
    await stopService(api);

    const log = await readFile(api.logFile, 'utf8');
    const lines = linesOf(log);
    // Each secret reached the logger and was censored where it stood.
    lineStarting(lines, `Cannot connect to the broker at amqp://jobmill:${REDACTED}@127.0.0.1:1`);
    const submit = lineStarting(lines, `POST /v1/jobs?api_key=${REDACTED}`);
    expect(submit.extra?.[0]?.headers).toMatchObject({ authorization: REDACTED, cookie: REDACTED });
    const listing = lineStarting(lines, 'GET /v1/admin/dead-letters:');
    expect(listing.extra?.[0]?.headers).toMatchObject({ 'x-api-key': REDACTED });
    for (const secret of [AMQP_PASSWORD, PG_PASSWORD, KEY, ADMIN_KEY, WRONG_KEY])
      expect(log).not.toContain(secret);
  });

  it('names an unreachable database without its password', async () => {
    const url = env.databaseUrl
      .replace('postgres@', `postgres:${PG_PASSWORD}@`)
      .replace(/:\d+\//, ':1/');
    const doomed = await spawnApp(
      'api',
      { AMQP_URL: `amqp://jobmill:${AMQP_PASSWORD}@127.0.0.1:1`, DATABASE_URL: url },
      env.workDir,
    );
    expect(await exitOf(doomed)).not.toBe(0);
    const log = await readFile(doomed.logFile, 'utf8');
    expect(log).toContain('Cannot connect to PostgreSQL at postgres://postgres:');
    expect(log).toContain('127.0.0.1:1/');
    for (const secret of [AMQP_PASSWORD, PG_PASSWORD]) expect(log).not.toContain(secret);
  });
});

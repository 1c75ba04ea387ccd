import { readFile } from 'node:fs/promises';
import { ApiClient } from './support/api-client';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

/** One line of the API's JSON log. */
interface LogLine {
  readonly level: string;
  readonly msg: string;
}

describe('the API while PostgreSQL is down (a private cluster)', () => {
  let pg: PrivatePostgres;
  let env: TestEnvironment;
  let api: RunningService;
  let client: ApiClient;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    env = await createTestEnvironment();
    const databaseUrl = await pg.createDatabase('jobmill_api_outage');
    api = await startService('api', env, { DATABASE_URL: databaseUrl });
    client = new ApiClient(`http://127.0.0.1:${api.port}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    if (api) await stopService(api);
    await pg?.remove();
    await env?.dispose();
  }, 60_000);

  const ping = { type: 'system.ping', input: {} };

  /** The answer's status, Retry-After, content type and problem code. */
  async function answer(res: Response) {
    const body = (await res.json()) as { code?: string };
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      type: res.headers.get('content-type')?.split(';')[0],
      code: body.code,
    };
  }

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, logs a warning a request, and serves again once it is back', async () => {
    const before = await client.submit('system.ping', {});

    await pg.stop();
    const unavailable = {
      status: 503,
      retryAfter: '5',
      type: 'application/problem+json',
      code: 'DATABASE_UNAVAILABLE',
    };
    // Twice each: the first may meet a pooled connection the shutdown cut, the next a refused one.
    for (let i = 0; i < 2; i++) {
      expect(await answer(await client.request('POST', '/v1/jobs', ping))).toEqual(unavailable);
      expect(
        await answer(await client.request('POST', '/v1/jobs/batch', { jobs: [ping, ping] })),
      ).toEqual(unavailable);
      expect(await answer(await client.request('GET', `/v1/jobs/${before.id}`))).toEqual(
        unavailable,
      );
      expect(await answer(await client.request('GET', '/v1/jobs?limit=5'))).toEqual(unavailable);
    }

    await pg.start();
    const after = await waitFor('the API to accept a job again', async () => {
      const res = await client.request('POST', '/v1/jobs', ping);
      return res.status === 202 ? ((await res.json()) as { id: string }) : undefined;
    });
    expect((await client.job(after.id)).id).toBe(after.id);
    expect((await client.job(before.id)).id).toBe(before.id);

    await stopService(api);
    const lines = (await readFile(api.logFile, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const outage = lines.filter((l) => / \/v1\/jobs[^:]*: DATABASE_UNAVAILABLE: /.test(l.msg));
    expect(outage.length).toBeGreaterThanOrEqual(8);
    expect(outage.every((l) => l.level === 'warn')).toBe(true);
    // No request of the outage was logged as an error (with a stack trace) of its own.
    expect(
      lines.filter((l) => l.level === 'error' && /^(GET|POST) \/v1\/jobs/.test(l.msg)),
    ).toEqual([]);
  });
});

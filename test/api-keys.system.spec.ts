import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { execFile } from 'node:child_process';
import path from 'node:path';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

const ADMIN_KEY = 'admin-key-0123456789';

interface Issued {
  id: string;
  key: string;
  tenant: string;
  scopes: string[];
}

/** The API alone on the real database: stored keys, scopes, rotation, revocation, limits. */
describe('API keys: stored hashed, scoped, rotated, revoked, rate-limited', () => {
  let env: TestEnvironment;
  let api: RunningService;
  let base: string;

  const call = (
    key: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    auth = 'Bearer',
  ) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(key === undefined ? {} : { authorization: `${auth} ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const create = async (body: Record<string, unknown>): Promise<Issued> => {
    const res = await call(ADMIN_KEY, 'POST', '/v1/admin/api-keys', body);
    expect(res.status).toBe(201);
    return (await res.json()) as Issued;
  };
  const ping = { type: 'system.ping', input: {} };

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startService('api', env, { ADMIN_API_KEYS: ADMIN_KEY });
    base = `http://127.0.0.1:${api.port}`;
  });
  afterAll(async () => {
    if (api) await stopService(api);
    await env?.dispose();
  });

  it('stores only a SHA-256 of the key, never the key', async () => {
    const issued = await create({ tenant: 'acme', name: 'ci' });
    expect(issued.key).toMatch(/^jm_[0-9a-f]{12}_/);
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ secret_hash: string }>(
        'SELECT * FROM api_keys WHERE id = $1',
        [issued.id],
      );
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(issued.key);
      expect(dump).not.toContain(issued.key.slice(16));
      expect(rows[0]?.secret_hash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    } finally {
      await db.end();
    }
    const listed = await call(ADMIN_KEY, 'GET', '/v1/admin/api-keys?tenant=acme');
    expect(JSON.stringify(await listed.json())).not.toContain(issued.key.slice(16));
  });

  it('accepts the bearer scheme in any case and X-API-Key; unknown keys are 401', async () => {
    const { key } = await create({ tenant: 'acme' });
    for (const auth of ['Bearer', 'bearer', 'BEARER', 'BeArEr'])
      expect((await call(key, 'GET', '/v1/jobs', undefined, auth)).status).toBe(200);
    const viaHeader = await fetch(`${base}/v1/jobs`, { headers: { 'x-api-key': key } });
    expect(viaHeader.status).toBe(200);
    expect((await call(TEST_API_KEY, 'GET', '/v1/jobs', undefined, 'bearer')).status).toBe(200);
    const forged =
      `${key.slice(0, -4)}AAAA` === key ? `${key.slice(0, -4)}BBBB` : `${key.slice(0, -4)}AAAA`;
    for (const unknown of [forged, 'jm_000000000000_' + 'A'.repeat(43), 'nope-nope-nope'])
      expect((await call(unknown, 'GET', '/v1/jobs')).status).toBe(401);
    expect((await call(undefined, 'GET', '/v1/jobs')).status).toBe(401);
  });

  it('enforces scopes: a known key without the scope is 403', async () => {
    const reader = await create({ tenant: 'acme', scopes: ['read'] });
    expect((await call(reader.key, 'GET', '/v1/jobs')).status).toBe(200);
    const refused = await call(reader.key, 'POST', '/v1/jobs', ping);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain("'submit'");
    expect((await call(reader.key, 'GET', '/v1/admin/api-keys')).status).toBe(403);

    const submitter = await create({ tenant: 'acme', scopes: ['submit'] });
    expect((await call(submitter.key, 'POST', '/v1/jobs', ping)).status).toBe(202);
    expect((await call(submitter.key, 'GET', '/v1/jobs')).status).toBe(403);

    const admin = await create({ tenant: 'ops', scopes: ['admin'] });
    expect((await call(admin.key, 'GET', '/v1/admin/api-keys')).status).toBe(200);
    // Admin reads jobs across tenants (the operations search), but is no tenant elsewhere.
    expect((await call(admin.key, 'GET', '/v1/jobs')).status).toBe(200);
    expect((await call(admin.key, 'GET', '/v1/jobs/summary')).status).toBe(403);
    expect((await call(TEST_API_KEY, 'GET', '/v1/admin/api-keys')).status).toBe(403);
  });

  it('tells any valid key its tenant and scopes at GET /v1/me', async () => {
    const me = async (key: string) => {
      const res = await call(key, 'GET', '/v1/me');
      expect(res.status).toBe(200);
      return (await res.json()) as { tenant: string; scopes: string[] };
    };
    const reader = await create({ tenant: 'acme', scopes: ['read'] });
    const submitter = await create({ tenant: 'globex', scopes: ['submit'] });
    const both = await create({ tenant: 'acme', scopes: ['read', 'submit'] });
    expect(await me(reader.key)).toEqual({ tenant: 'acme', scopes: ['read'] });
    expect(await me(submitter.key)).toEqual({ tenant: 'globex', scopes: ['submit'] });
    expect(await me(both.key)).toEqual({ tenant: 'acme', scopes: ['submit', 'read'] });
    expect((await me(ADMIN_KEY)).scopes).toContain('admin');
    expect((await call('no-such-key-at-all', 'GET', '/v1/me')).status).toBe(401);
  });

  it('a key acts for its tenant only', async () => {
    const globex = await create({ tenant: 'globex' });
    const res = await call(globex.key, 'POST', '/v1/jobs', ping);
    const job = (await res.json()) as { id: string };
    expect((await call(globex.key, 'GET', `/v1/jobs/${job.id}`)).status).toBe(200);
    expect((await call(TEST_API_KEY, 'GET', `/v1/jobs/${job.id}`)).status).toBe(404);
  });

  it('rotates (the old key lasts its grace) and revokes at once', async () => {
    const first = await create({ tenant: 'acme' });
    const rotated = await call(ADMIN_KEY, 'POST', `/v1/admin/api-keys/${first.id}/rotate`, {});
    expect(rotated.status).toBe(201);
    const second = (await rotated.json()) as Issued;
    expect(second).toMatchObject({ tenant: 'acme', scopes: ['submit', 'read'] });
    expect((await call(second.key, 'GET', '/v1/jobs')).status).toBe(200);
    expect((await call(first.key, 'GET', '/v1/jobs')).status).toBe(401);

    const graced = await call(ADMIN_KEY, 'POST', `/v1/admin/api-keys/${second.id}/rotate`, {
      graceSeconds: 600,
    });
    const third = (await graced.json()) as Issued;
    expect((await call(second.key, 'GET', '/v1/jobs')).status).toBe(200);
    expect((await call(third.key, 'GET', '/v1/jobs')).status).toBe(200);

    expect((await call(ADMIN_KEY, 'DELETE', `/v1/admin/api-keys/${third.id}`)).status).toBe(204);
    expect((await call(third.key, 'GET', '/v1/jobs')).status).toBe(401);
    expect((await call(ADMIN_KEY, 'DELETE', `/v1/admin/api-keys/${third.id}`)).status).toBe(404);
  });

  it('limits each key to its requests per minute: 429 with Retry-After', async () => {
    const limited = await create({ tenant: 'acme', rateLimitPerMinute: 3 });
    const other = await create({ tenant: 'acme', rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i += 1)
      expect((await call(limited.key, 'GET', '/v1/jobs')).status).toBe(200);
    const refused = await call(limited.key, 'GET', '/v1/jobs');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    // Per key: another key of the same tenant is not affected.
    expect((await call(other.key, 'GET', '/v1/jobs')).status).toBe(200);
  });

  it('the CLI creates, lists, rotates and revokes keys', async () => {
    let out = '';
    /** `npm run jobs -- keys ...` as a user runs it: the CLI's own process; resolves its exit code. */
    const cli = (...argv: string[]) =>
      new Promise<number>((resolve) => {
        execFile(
          process.execPath,
          [
            '-r',
            '@swc-node/register',
            path.join(__dirname, '../tools/cli/main.ts'),
            'keys',
            ...argv,
          ],
          {
            cwd: path.join(__dirname, '..'),
            env: { PATH: process.env['PATH'] ?? '', API_URL: base, API_KEY: ADMIN_KEY },
          },
          (error, stdout) => {
            out = stdout;
            resolve(error ? Number((error as { code?: unknown }).code ?? 1) : 0);
          },
        );
      });
    const last = () => JSON.parse(out) as Issued;
    expect(await cli('create', '--tenant', 'acme', '--scopes', 'read', '--name', 'cli')).toBe(0);
    const made = last();
    expect(made.scopes).toEqual(['read']);
    expect((await call(made.key, 'GET', '/v1/jobs')).status).toBe(200);
    expect(await cli('list', '--tenant', 'acme')).toBe(0);
    expect(JSON.stringify(last())).toContain(made.id);
    expect(await cli('rotate', made.id)).toBe(0);
    const next = last();
    expect((await call(made.key, 'GET', '/v1/jobs')).status).toBe(401);
    expect(await cli('revoke', next.id)).toBe(0);
    expect((await call(next.key, 'GET', '/v1/jobs')).status).toBe(401);
    expect(await cli('create', '--tenant', 'acme', '--scopes', 'everything')).not.toBe(0);
  });
});

import { ApiClient, type JobBody } from './support/api-client';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { waitFor } from './support/wait-for';

// TENANT_LIMITS over REST: acme may submit 4 jobs a minute, globex may have 2 unfinished jobs.

describe(`tenant limits (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { TENANT_LIMITS: 'acme:4:0,globex:0:2' } });

  const ping = (durationMs = 0) => ({ type: 'system.ping', input: { durationMs } });

  it('answers 429 TENANT_RATE_LIMIT with Retry-After past the jobs of a minute', async () => {
    const { api } = platform;
    // The count starts again each minute: keep the whole test inside one.
    await waitFor(
      'a fresh minute',
      () => Promise.resolve(new Date().getUTCSeconds() < 45 ? true : undefined),
      20_000,
    );
    const batch = await api.request('POST', '/v1/jobs/batch', { jobs: [ping(), ping(), ping()] });
    expect(batch.status).toBe(202);
    expect((await api.request('POST', '/v1/jobs', ping())).status).toBe(202);

    const refused = await api.request('POST', '/v1/jobs', ping());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('TENANT_RATE_LIMIT');
    expect(problem.detail).toMatch(/4 jobs per minute/);
    const refusedBatch = await api.request('POST', '/v1/jobs/batch', { jobs: [ping()] });
    expect(refusedBatch.status).toBe(429);
    // Nothing of the refused submissions was recorded.
    const page = (await (await api.request('GET', '/v1/jobs?limit=100')).json()) as {
      items: JobBody[];
    };
    expect(page.items.filter((j) => j.type === 'system.ping')).toHaveLength(4);
  });

  it('answers 429 TENANT_IN_FLIGHT_LIMIT while the tenant has its unfinished jobs', async () => {
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    const submit = (body: object) => globex.request('POST', '/v1/jobs', body);
    const held = await Promise.all([submit(ping(60_000)), submit(ping(60_000))]);
    expect(held.map((r) => r.status)).toEqual([202, 202]);
    const [first, second] = (await Promise.all(held.map((r) => r.json()))) as JobBody[];

    const refused = await submit(ping());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ code: 'TENANT_IN_FLIGHT_LIMIT' });

    await globex.request('POST', `/v1/jobs/${first?.id ?? ''}/cancel`);
    expect((await globex.waitForTerminal(first?.id ?? '', 20_000)).status).toBe('CANCELLED');
    const admitted = await submit(ping());
    expect(admitted.status).toBe(202);
    // Another tenant's jobs never counted: acme is under no in-flight limit.
    await globex.request('POST', `/v1/jobs/${second?.id ?? ''}/cancel`);
  });
});

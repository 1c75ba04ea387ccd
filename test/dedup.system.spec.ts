import { ApiClient, type JobBody } from './support/api-client';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';

// `dedupKey` over REST: while a job of the tenant holding the key is unfinished, submitting
// again answers that job (200) and starts nothing; once it has finished, the key is free.

describe(`dedupKey (${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  const submit = async (
    api: ApiClient,
    body: object,
  ): Promise<{ status: number; job: JobBody }> => {
    const res = await api.request('POST', '/v1/jobs', body);
    return { status: res.status, job: (await res.json()) as JobBody };
  };

  it('answers the unfinished job holding the key, alone or in a batch, and frees it when done', async () => {
    const { api } = platform;
    const ping = { type: 'system.ping', input: { durationMs: 1_500 }, dedupKey: 'nightly-report' };
    const first = await submit(api, ping);
    expect(first.status).toBe(202);
    expect(first.job).toMatchObject({ status: 'QUEUED', dedupKey: 'nightly-report' });

    const again = await submit(api, ping);
    expect(again.status).toBe(200);
    expect(again.job.id).toBe(first.job.id);

    const batch = await api.request('POST', '/v1/jobs/batch', {
      jobs: [ping, { type: 'system.ping', input: {} }],
    });
    expect(batch.status).toBe(202);
    const members = ((await batch.json()) as { jobs: JobBody[] }).jobs;
    expect(members[0]?.id).toBe(first.job.id);
    expect(members[1]?.id).not.toBe(first.job.id);

    // Another tenant's key is its own.
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    expect((await submit(other, ping)).status).toBe(202);

    expect((await api.waitForTerminal(first.job.id, 30_000)).status).toBe('SUCCEEDED');
    // The deduplicated submissions started nothing: one run, one history.
    const history = await api.events(first.job.id);
    expect(history.filter((e) => e.name === 'started')).toHaveLength(1);

    const later = await submit(api, ping);
    expect(later.status).toBe(202);
    expect(later.job.id).not.toBe(first.job.id);
  });

  it('refuses a malformed key with a problem naming it', async () => {
    const res = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      dedupKey: '',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: '/dedupKey' }] });
  });
});

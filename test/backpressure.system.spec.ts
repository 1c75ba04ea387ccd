import type { JobBody } from './support/api-client';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { waitFor } from './support/wait-for';

// QUEUE_LIMITS over REST: past 3 QUEUED system.ping jobs, submissions of that type are answered
// 503 QUEUE_FULL with Retry-After, while other types are still accepted.

describe(`backpressure (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({
    api: { QUEUE_LIMITS: 'system.ping:3' },
    'detection-worker': { WORKER_CONCURRENCY: '1' },
  });
  const accepted: string[] = [];

  const ping = () => ({ type: 'system.ping', input: { durationMs: 60_000 } });

  it('refuses a batch that would pass the limit, recording nothing', async () => {
    const res = await platform.api.request('POST', '/v1/jobs/batch', {
      jobs: [ping(), ping(), ping(), ping()],
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ code: 'QUEUE_FULL' });
    const page = (await (
      await platform.api.request('GET', '/v1/jobs?type=system.ping')
    ).json()) as {
      items: JobBody[];
    };
    expect(page.items).toHaveLength(0);
  });

  it('answers 503 QUEUE_FULL once the backlog is at the limit, and accepts other types', async () => {
    const { api } = platform;
    // One runs (one slot), the rest wait: QUEUED.
    const first = await api.request('POST', '/v1/jobs/batch', { jobs: [ping(), ping(), ping()] });
    expect(first.status).toBe(202);
    accepted.push(...((await first.json()) as { jobs: JobBody[] }).jobs.map((j) => j.id));

    // The backlog is read at most once a second: submissions go through until it is seen full.
    const refused = await waitFor(
      'a QUEUE_FULL answer',
      async () => {
        const res = await api.request('POST', '/v1/jobs', ping());
        if (res.status === 202) accepted.push(((await res.json()) as JobBody).id);
        return res.status === 503 ? res : undefined;
      },
      15_000,
      300,
    );
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({
      code: 'QUEUE_FULL',
      detail: expect.stringMatching(/QUEUE_LIMITS system\.ping: 3/) as unknown,
    });
    // Nothing was refused before the limit. The gauge counts the batch it admitted, so the
    // refusal may come before or after the one slot took a job: 2 or 3 wait, never more.
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    const queued = (await Promise.all(accepted.map((id) => api.job(id)))).filter(
      (j) => j.status === 'QUEUED',
    );
    expect(queued.length).toBeGreaterThanOrEqual(2);
    expect(queued.length).toBeLessThanOrEqual(3);
    expect(accepted.length - queued.length).toBeLessThanOrEqual(1);

    const other = await api.request('POST', '/v1/jobs', {
      type: 'processing.normalize',
      input: { uploadId: '00000000-0000-4000-8000-000000000000' },
    });
    // Not refused for backlog: its own problem is the unknown upload.
    expect(other.status).not.toBe(503);

    // Cancelled, the long pings hold no worker past the test.
    await Promise.all(accepted.map((id) => api.request('POST', `/v1/jobs/${id}/cancel`)));
    await Promise.all(accepted.map((id) => api.waitForTerminal(id, 20_000)));
  });
});

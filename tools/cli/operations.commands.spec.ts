import { runJobsCli, type CliIo } from './jobs-cli';

describe('jobs bulk, pause, resume, queues, workers', () => {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  const out: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => out.push(line),
    env: { API_URL: 'http://api.test', API_KEY: 'k' },
    isTty: false,
  };

  beforeEach(() => {
    calls.length = 0;
    out.length = 0;
    jest.spyOn(global, 'fetch').mockImplementation(async (url, init) => {
      calls.push({
        method: init?.method ?? 'GET',
        url: (url as URL).toString(),
        body: init?.body ? (JSON.parse(init.body as string) as unknown) : undefined,
      });
      return new Response(JSON.stringify({ items: [], matched: 2, applied: 0, skipped: [] }));
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('counts without --yes, acts with it, filter and tenant as given', async () => {
    const id = '0198f5a0-0000-7000-8000-000000000001';
    expect(
      await runJobsCli(['bulk', 'cancel', '--type', 'system.ping', '--status', 'QUEUED'], io),
    ).toBe(0);
    expect(calls[0]).toEqual({
      method: 'POST',
      url: 'http://api.test/v1/jobs/bulk',
      body: { action: 'cancel', filter: { type: 'system.ping', status: 'QUEUED' }, dryRun: true },
    });
    await runJobsCli(['bulk', 'retry', '--ids', `${id}, ${id}`, '--tenant', 'acme', '--yes'], io);
    expect(calls[1]).toEqual({
      method: 'POST',
      url: 'http://api.test/v1/jobs/bulk?tenant=acme',
      body: { action: 'retry', filter: { ids: [id, id] }, dryRun: false },
    });
    expect(await runJobsCli(['bulk', 'delete'], io)).toBe(1);
    expect(calls).toHaveLength(2);
  });

  it('pauses, resumes and lists through the admin endpoints', async () => {
    await runJobsCli(['pause', 'system.ping'], io);
    await runJobsCli(['resume', 'system.ping'], io);
    await runJobsCli(['queues'], io);
    await runJobsCli(['workers'], io);
    await runJobsCli(['types'], io);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://api.test/v1/admin/job-types/system.ping/pause',
      'POST http://api.test/v1/admin/job-types/system.ping/resume',
      'GET http://api.test/v1/admin/queues',
      'GET http://api.test/v1/admin/workers',
      'GET http://api.test/v1/admin/job-types',
    ]);
  });
});

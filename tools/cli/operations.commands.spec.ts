import { runJobsCli, type CliIo } from './jobs-cli';

describe('jobs bulk, pause, resume, queues, workers, dead-letters', () => {
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

  it('lists and requeues with the selectors given', async () => {
    expect(await runJobsCli(['dead-letters', 'list', '--limit', '20'], io)).toBe(0);
    await runJobsCli(['dead-letters', 'requeue'], io);
    await runJobsCli(['dead-letters', 'requeue', '--type', 'system.ping'], io);
    expect(calls).toEqual([
      { method: 'GET', url: 'http://api.test/v1/admin/dead-letters?limit=20', body: undefined },
      { method: 'POST', url: 'http://api.test/v1/admin/dead-letters/requeue', body: {} },
      {
        method: 'POST',
        url: 'http://api.test/v1/admin/dead-letters/requeue',
        body: { jobType: 'system.ping' },
      },
    ]);
    expect(await runJobsCli(['dead-letters', 'list', '--limit', '0'], io)).toBe(1);
    expect(calls).toHaveLength(3);
  });

  it('discards only what is selected, and nothing without a selector or --all', async () => {
    expect(await runJobsCli(['dead-letters', 'discard'], io)).toBe(1);
    expect(calls).toEqual([]);
    expect(out.join('\n')).toMatch(/--all/);
    await runJobsCli(
      ['dead-letters', 'discard', '--code', 'TENANT_FORBIDDEN', '--message-id', 'm1'],
      io,
    );
    await runJobsCli(['dead-letters', 'discard', '--all'], io);
    await runJobsCli(['dead-letters', 'discard', '--all', '--type', 'system.ping'], io);
    expect(calls.map((c) => c.body)).toEqual([
      { messageId: 'm1', code: 'TENANT_FORBIDDEN' },
      { all: true },
      { jobType: 'system.ping', all: true },
    ]);
    expect(calls.every((c) => c.url === 'http://api.test/v1/admin/dead-letters/discard')).toBe(
      true,
    );
  });
});

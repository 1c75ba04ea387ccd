import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { waitFor } from './support/wait-for';

// The built-in canary, submitted over REST like any job: no upload, no thread, a known length.

describe(`system.ping end to end (${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  it('holds a detection worker slot for durationMs and reaches SUCCEEDED', async () => {
    const { api } = platform;
    const accepted = await api.submit('system.ping', { durationMs: 300 });
    expect(accepted.status).toBe('QUEUED');

    const job = await api.waitForTerminal(accepted.id, 30_000);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result).toEqual({
      durationMs: 300,
      worker: expect.stringMatching(/^detection-worker@/) as unknown,
    });
    const history = await api.events(accepted.id);
    expect(history.map((e) => e.name)).toEqual(['queued', 'started', 'succeeded']);
    const [started, succeeded] = ['started', 'succeeded'].map((name) =>
      Date.parse(history.find((e) => e.name === name)?.occurredAt ?? ''),
    );
    expect((succeeded ?? 0) - (started ?? 0)).toBeGreaterThanOrEqual(290);
  });

  it('defaults to 0 ms and refuses a duration beyond the maximum', async () => {
    const { api } = platform;
    const quick = await api.submit('system.ping', {});
    expect((await api.waitForTerminal(quick.id, 30_000)).result).toMatchObject({ durationMs: 0 });

    const tooLong = await api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: { durationMs: 600_001 },
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      code: 'INVALID_DATA',
      errors: [{ path: '/input/durationMs' }],
    });
  });

  it('is cancelled while it holds its slot', async () => {
    const { api } = platform;
    const long = await api.submit('system.ping', { durationMs: 120_000 });
    await waitFor('the ping to run', async () =>
      (await api.job(long.id)).status === 'RUNNING' ? true : undefined,
    );
    expect((await api.request('POST', `/v1/jobs/${long.id}/cancel`)).status).toBe(202);
    const job = await api.waitForTerminal(long.id, 10_000);
    expect(job.status).toBe('CANCELLED');
  });
});

import { createCommand, newId, type PingInput } from '@jobmill/contracts';
import type { JobContext } from '../handler/job-handler.types';
import { PingJobHandler } from './ping-job.handler';

const contextOf = (input: PingInput, signal = new AbortController().signal): JobContext => ({
  command: createCommand({
    jobId: newId(),
    jobType: 'system.ping',
    data: { input },
    tenant: 'acme',
    source: '/test',
  }),
  jobType: 'system.ping',
  workerId: 'detection-worker@host:1',
  signal,
  reportProgress: () => undefined,
});

describe('PingJobHandler', () => {
  const handler = new PingJobHandler();

  it('answers at once by default, naming the worker', async () => {
    await expect(handler.run(contextOf({}))).resolves.toEqual({
      status: 'succeeded',
      result: { durationMs: 0, worker: 'detection-worker@host:1' },
    });
  });

  it('holds its slot for durationMs', async () => {
    const started = performance.now();
    const outcome = await handler.run(contextOf({ durationMs: 60 }));
    // Timers may fire up to a millisecond early on the clock performance.now() reads.
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(outcome).toEqual({
      status: 'succeeded',
      result: { durationMs: 60, worker: 'detection-worker@host:1' },
    });
  });

  it('stops holding as soon as its signal aborts (cancel, time limit, shutdown)', async () => {
    const control = new AbortController();
    const started = performance.now();
    const run = handler.run(contextOf({ durationMs: 60_000 }, control.signal));
    control.abort(new Error('cancelled'));
    await expect(run).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

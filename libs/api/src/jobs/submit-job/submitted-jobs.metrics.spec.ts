import { createCommand, newId, type JobCommand } from '@jobmill/contracts';
import { sampleMetric as sample } from '@jobmill/platform';
import type { CommandExecutor, ExecuteOptions } from '@jobmill/transport';
import { countingSubmissions } from './submitted-jobs.metrics';

const ping = (): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'system.ping',
    tenant: 't1',
    source: '/test',
    data: { input: {} },
  });

describe('countingSubmissions', () => {
  const inner = {
    execute: jest.fn<Promise<void>, [JobCommand, ExecuteOptions?]>(async () => undefined),
    executeMany: jest.fn<Promise<void>, [readonly JobCommand[], ExecuteOptions?]>(
      async () => undefined,
    ),
  } satisfies CommandExecutor;
  const executor = countingSubmissions(inner);

  it('counts jobs by type once the broker confirmed them, one or many at a time', async () => {
    const one = ping();
    await executor.execute(one);
    await executor.executeMany([ping(), ping()], { backlog: true });
    expect(inner.execute).toHaveBeenCalledWith(one, undefined);
    // The lane it was asked for is passed on.
    expect(inner.executeMany).toHaveBeenCalledWith(expect.any(Array), { backlog: true });
    expect(await sample('jobs_submitted_total', { type: 'system.ping' })).toBe(3);
  });

  it('does not count commands the broker did not confirm', async () => {
    inner.executeMany.mockRejectedValueOnce(new Error('BROKER_UNAVAILABLE'));
    await expect(executor.executeMany([ping()])).rejects.toThrow('BROKER_UNAVAILABLE');
    expect(await sample('jobs_submitted_total', { type: 'system.ping' })).toBe(3);
  });
});

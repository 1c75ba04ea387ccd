import { createCommand, eventFor, newId } from '@jobmill/contracts';
import type { ProjectableMessage } from '@jobmill/persistence';
import { sampleMetric as sample } from '@jobmill/platform';
import { ProjectionMetrics } from './projection.metrics';

describe('ProjectionMetrics', () => {
  it('observes the lag of each message by event name and counts applied and duplicates', async () => {
    const command = {
      ...createCommand({
        jobId: newId(),
        jobType: 'system.ping',
        tenant: 't1',
        source: '/test',
        data: { input: {} },
      }),
      time: new Date(Date.now() - 2_000).toISOString(),
    };
    const started = eventFor(command, 'started', { jobType: 'system.ping', worker: 'w' }, '/w');
    const batch: ProjectableMessage[] = [
      { kind: 'command', command, jobType: 'system.ping' },
      { kind: 'event', event: started, name: 'started' },
    ];
    new ProjectionMetrics().committed(batch, { applied: 1, duplicates: 1 });

    expect(await sample('projection_lag_seconds_count', { event: 'queued' })).toBe(1);
    const queuedLag = await sample('projection_lag_seconds_sum', { event: 'queued' });
    expect(queuedLag).toBeGreaterThanOrEqual(2);
    expect(queuedLag).toBeLessThan(10);
    expect(await sample('projection_lag_seconds_count', { event: 'started' })).toBe(1);
    expect(await sample('events_projected_total')).toBe(1);
    expect(await sample('events_duplicate_total')).toBe(1);
  });
});

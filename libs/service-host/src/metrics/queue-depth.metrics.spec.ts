import { sampleMetric as sample } from '@jobmill/platform';
import type { QueueDepth, QueueDepthProbe } from '@jobmill/transport';
import { registerQueueDepthMetrics } from './queue-depth.metrics';

describe('registerQueueDepthMetrics', () => {
  let depths: QueueDepth[] = [];
  const probe = { depths: jest.fn(async () => depths) } as unknown as QueueDepthProbe;

  beforeAll(() => registerQueueDepthMetrics(probe, 'p.jobs.dead-letter'));

  it('reads work-queue and dead-letter depths from the probe when scraped', async () => {
    depths = [
      { queue: 'p.jobs.detection', messages: 7, consumers: 2 },
      { queue: 'p.jobs.dead-letter', messages: 3, consumers: 0 },
    ];
    expect(await sample('queue_depth', { queue: 'p.jobs.detection' })).toBe(7);
    expect(await sample('queue_consumers', { queue: 'p.jobs.detection' })).toBe(2);
    expect(await sample('dead_letter_depth', { queue: 'p.jobs.dead-letter' })).toBe(3);
    expect(await sample('queue_depth', { queue: 'p.jobs.dead-letter' })).toBeUndefined();
  });

  it('drops a queue the probe no longer finds', async () => {
    depths = [{ queue: 'p.jobs.status', messages: 0, consumers: 1 }];
    expect(await sample('queue_depth', { queue: 'p.jobs.detection' })).toBeUndefined();
    expect(await sample('queue_depth', { queue: 'p.jobs.status' })).toBe(0);
    expect(await sample('dead_letter_depth')).toBeUndefined();
  });
});

import { sampleMetric as sample } from '../metrics/metric-sample.util';
import { observePool } from './task-pool.metrics';

describe('observePool', () => {
  it('shows each live pool when scraped and forgets one taken off', async () => {
    let stats = { threads: 4, utilization: 0.25, queued: 3 };
    const off = observePool('detect', () => stats);
    expect(await sample('thread_pool_threads', { pool: 'detect' })).toBe(4);
    expect(await sample('thread_pool_utilisation', { pool: 'detect' })).toBe(0.25);
    expect(await sample('thread_pool_queued', { pool: 'detect' })).toBe(3);

    stats = { threads: 4, utilization: 0.5, queued: 0 };
    expect(await sample('thread_pool_utilisation', { pool: 'detect' })).toBe(0.5);
    off();
    expect(await sample('thread_pool_threads', { pool: 'detect' })).toBeUndefined();
  });
});

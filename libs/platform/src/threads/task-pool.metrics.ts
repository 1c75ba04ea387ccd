import { metrics } from '../metrics/metrics.registry';

/** What a pool reports when scraped. */
export interface PoolStats {
  readonly threads: number;
  readonly utilization: number;
  readonly queued: number;
}

// The live pools by name; a pool leaves when it is destroyed.
const pools = new Map<string, () => PoolStats>();

/** One gauge by pool, refreshed from the live pools before each scrape. */
function poolGauge(name: string, help: string, pick: (stats: PoolStats) => number): void {
  metrics.gauge(name, help, ['pool'], function () {
    this.reset();
    for (const [pool, stats] of pools) this.set({ pool }, pick(stats()));
  });
}

/**
 * Puts a thread pool on /metrics: `jobmill_thread_pool_threads{pool}`,
 * `jobmill_thread_pool_utilisation{pool}` (share of time its threads were busy, 0 to 1, since it
 * started) and `jobmill_thread_pool_queued{pool}` (tasks waiting for a thread). Returns the
 * function that takes it off.
 */
export function observePool(name: string, stats: () => PoolStats): () => void {
  poolGauge('thread_pool_threads', 'Threads of a worker-thread pool', (s) => s.threads);
  poolGauge(
    'thread_pool_utilisation',
    'Share of time the pool threads were busy since it started (0 to 1)',
    (s) => s.utilization,
  );
  poolGauge('thread_pool_queued', 'Tasks waiting for a pool thread', (s) => s.queued);
  pools.set(name, stats);
  return () => {
    if (pools.get(name) === stats) pools.delete(name);
  };
}

import type { QueueDepth, QueueDepthProbe } from '@jobmill/transport';
import { metrics } from '@jobmill/platform';

// Scrapes read the last registered probe: one per process, even when embedded mode hosts all.
let probe: QueueDepthProbe | undefined;
let deadLetterQueue = '';

/**
 * `jobmill_queue_depth{queue}`, `jobmill_queue_consumers{queue}` and
 * `jobmill_dead_letter_depth{queue}`, read from the broker when scraped (the probe caches the depths
 * for a couple of seconds, so the three gauges share one round trip). A queue that does not
 * exist yet is absent.
 */
export function registerQueueDepthMetrics(source: QueueDepthProbe, deadLetter: string): void {
  probe = source;
  deadLetterQueue = deadLetter;
  metrics.gauge(
    'queue_depth',
    'Messages ready in a work queue, by queue',
    ['queue'],
    refreshed((gauge, q) => {
      if (q.queue !== deadLetterQueue) gauge.set({ queue: q.queue }, q.messages);
    }),
  );
  metrics.gauge(
    'queue_consumers',
    'Consumers of a queue, by queue',
    ['queue'],
    refreshed((gauge, q) => gauge.set({ queue: q.queue }, q.consumers)),
  );
  metrics.gauge(
    'dead_letter_depth',
    'Messages in the dead-letter queue (labelled, so that it is absent when unknown, not 0)',
    ['queue'],
    refreshed((gauge, q) => {
      if (q.queue === deadLetterQueue) gauge.set({ queue: q.queue }, q.messages);
    }),
  );
}

/** A gauge's collect: its values, refreshed from the probe before each scrape. */
function refreshed<G extends { reset(): void }>(
  set: (gauge: G, depth: QueueDepth) => void,
): (this: G) => Promise<void> {
  return async function (this: G) {
    const depths = (await probe?.depths()) ?? [];
    this.reset();
    for (const depth of depths) set(this, depth);
  };
}

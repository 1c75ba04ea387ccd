import { metrics } from '@jobmill/platform';
import type { TransportObserver } from '@jobmill/transport';

/** Publish-confirm round trips run from well under a millisecond to the 5 s publish timeout. */
const CONFIRM_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/**
 * The transport's traffic in Prometheus: `jobmill_amqp_messages_published_total{exchange}`,
 * `jobmill_amqp_messages_consumed_total{queue}`, `jobmill_amqp_publish_confirm_seconds{exchange}`
 * and `jobmill_amqp_publishing_blocked`. Exchanges and queues are the topology's few names (plus
 * the default exchange of replies), never routing keys, which carry tenants.
 */
export class TransportMetrics implements TransportObserver {
  private readonly published = metrics.counter(
    'amqp_messages_published_total',
    'AMQP messages published (a CloudEvents batch is one message), by exchange',
    ['exchange'],
  );
  private readonly consumed = metrics.counter(
    'amqp_messages_consumed_total',
    'AMQP messages delivered to this service, by queue',
    ['queue'],
  );
  private readonly confirms = metrics.histogram(
    'amqp_publish_confirm_seconds',
    'Seconds from publishing a message to its broker confirm, by exchange',
    ['exchange'],
    CONFIRM_BUCKETS,
  );
  private readonly blocked = metrics.gauge(
    'amqp_publishing_blocked',
    "1 while the broker blocks this service's publishing (a memory or disk alarm), else 0",
  );

  constructor() {
    this.blocked.set(0);
  }

  messagePublished(exchange: string): void {
    this.published.inc({ exchange: exchangeLabel(exchange) });
  }

  publishConfirmed(exchange: string, seconds: number): void {
    this.confirms.observe({ exchange: exchangeLabel(exchange) }, seconds);
  }

  messageConsumed(queue: string): void {
    this.consumed.inc({ queue });
  }

  publishingBlocked(blocked: boolean): void {
    this.blocked.set(blocked ? 1 : 0);
  }
}

/** The default exchange (replies to reply_to) has the empty name; Prometheus shows it better named. */
function exchangeLabel(exchange: string): string {
  return exchange === '' ? '(default)' : exchange;
}

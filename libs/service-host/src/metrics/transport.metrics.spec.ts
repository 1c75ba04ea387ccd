import { sampleMetric as sample } from '@jobmill/platform';
import { TransportMetrics } from './transport.metrics';

describe('TransportMetrics', () => {
  const observer = new TransportMetrics();

  it('counts published and consumed messages by exchange and queue', async () => {
    observer.messagePublished('jobmill.events');
    observer.messagePublished('jobmill.events');
    observer.messagePublished('');
    observer.messageConsumed('jobmill.jobs.status');
    expect(await sample('amqp_messages_published_total', { exchange: 'jobmill.events' })).toBe(2);
    expect(await sample('amqp_messages_published_total', { exchange: '(default)' })).toBe(1);
    expect(await sample('amqp_messages_consumed_total', { queue: 'jobmill.jobs.status' })).toBe(1);
  });

  it('observes confirm latency in seconds', async () => {
    observer.publishConfirmed('jobmill.commands', 0.003);
    const labels = { exchange: 'jobmill.commands' };
    expect(await sample('amqp_publish_confirm_seconds_count', labels)).toBe(1);
    expect(await sample('amqp_publish_confirm_seconds_sum', labels)).toBeCloseTo(0.003);
    expect(await sample('amqp_publish_confirm_seconds_bucket', { ...labels, le: '0.005' })).toBe(1);
    expect(await sample('amqp_publish_confirm_seconds_bucket', { ...labels, le: '0.0025' })).toBe(
      0,
    );
  });
});

import { AMQP_HEADERS } from '@jobmill/contracts';
import { Messaging } from '../messaging';
import { declareDeadLetterQueue, workQueueArguments } from '../topology/declare-topology';
import { recordingLogger, TEST_AMQP_URL, TestBroker, waitFor } from '../testing/test-broker';
import type { HandlerOutcome, InboundMessage } from './consumer.types';

describe('MessageConsumer (real RabbitMQ)', () => {
  let broker: TestBroker;
  let messaging: Messaging;
  const logger = recordingLogger();
  let n = 0;

  /** A fresh quorum work queue (delivery limit 2) dead-lettering to the prefix's DLQ. */
  const workQueue = () =>
    broker.queue(`work-${++n}`, workQueueArguments(`${broker.prefix}work-${n}`, broker.names, 2));
  const send = (queue: string, count: number) => {
    for (let i = 0; i < count; i++)
      broker.channel.sendToQueue(queue, Buffer.from(JSON.stringify({ i })), {
        persistent: true,
        messageId: `m-${i}`,
        headers: { keep: 'me' },
      });
  };

  beforeAll(async () => {
    broker = await TestBroker.open();
    messaging = new Messaging({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'consumer-int-test',
      role: 'api',
      logger,
    });
    messaging.start();
    await messaging.waitUntilConnected(5_000);
    await declareDeadLetterQueue(broker.channel, broker.names);
  });

  afterAll(async () => {
    await messaging.close();
    await broker.cleanUp();
  });

  it('acks after the handler resolved: nothing is left once stopped', async () => {
    const queue = await workQueue();
    send(queue, 20);
    const seen: number[] = [];
    const sub = messaging.consumer.consume({
      queue,
      prefetch: 5,
      handler: async (m) => {
        seen.push((JSON.parse(m.body.toString()) as { i: number }).i);
        return { kind: 'ack' };
      },
    });
    await waitFor(() => seen.length === 20, '20 handled messages');
    await sub.stop(1_000);
    expect(await broker.depth(queue)).toBe(0);
  });

  it('redelivers a requeued message, and a message whose handler threw, without crashing', async () => {
    const queue = await workQueue();
    send(queue, 2);
    const deliveries: InboundMessage[] = [];
    const sub = messaging.consumer.consume({
      queue,
      prefetch: 2,
      handler: async (m): Promise<HandlerOutcome> => {
        deliveries.push(m);
        if (m.redelivered) return { kind: 'ack' };
        if (m.properties.messageId === 'm-0') return { kind: 'requeue', reason: 'try again' };
        throw new Error('boom');
      },
    });
    await waitFor(() => deliveries.filter((d) => d.redelivered).length === 2, 'two redeliveries');
    await sub.stop(1_000);
    const again = deliveries.filter((d) => d.redelivered);
    expect(again.map((d) => d.properties.messageId).sort()).toEqual(['m-0', 'm-1']);
    expect(again.every((d) => d.deliveryCount === 1)).toBe(true);
    expect(logger.lines.some((l) => l.includes('boom'))).toBe(true);
    expect(await broker.depth(queue)).toBe(0);
  });

  it('dead-letters with the reason in headers, then acks', async () => {
    const queue = await workQueue();
    send(queue, 1);
    const sub = messaging.consumer.consume({
      queue,
      prefetch: 1,
      handler: async () => ({ kind: 'dead-letter', code: 'BAD_INPUT', reason: 'no good' }),
    });
    const dead = await broker.getOne(broker.names.deadLetterQueue);
    await sub.stop(1_000);
    const h = dead.properties.headers ?? {};
    expect(dead.fields.routingKey).toBe(queue);
    expect(dead.properties.messageId).toBe('m-0');
    expect(dead.content.toString()).toBe('{"i":0}');
    expect(h[AMQP_HEADERS.deadLetterCode]).toBe('BAD_INPUT');
    expect(h[AMQP_HEADERS.deadLetterReason]).toBe('no good');
    expect(h[AMQP_HEADERS.deadLetterQueue]).toBe(queue);
    expect(h[AMQP_HEADERS.deadLetterAttempts]).toBe(1);
    expect(h['keep']).toBe('me');
    expect(await broker.depth(queue)).toBe(0);
  });

  it('lets the broker dead-letter a message requeued past the delivery limit', async () => {
    const queue = await workQueue();
    send(queue, 1);
    let calls = 0;
    const sub = messaging.consumer.consume({
      queue,
      prefetch: 1,
      handler: async () => {
        calls++;
        return { kind: 'requeue', reason: 'never works' };
      },
    });
    const dead = await broker.getOne(broker.names.deadLetterQueue);
    await sub.stop(1_000);
    expect(dead.fields.routingKey).toBe(queue);
    expect(calls).toBe(3); // the first delivery plus x-delivery-limit (2) redeliveries
  });

  it('acks an all-ack batch and settles a mixed batch message by message', async () => {
    const queue = await workQueue();
    send(queue, 100);
    const sizes: number[] = [];
    let requeued = false;
    const sub = messaging.consumer.consumeBatch({
      queue,
      prefetch: 50,
      maxBatch: 25,
      maxWaitMs: 50,
      handler: async (batch) => {
        sizes.push(batch.length);
        return batch.map((m): HandlerOutcome => {
          if (m.properties.messageId === 'm-7' && !requeued) {
            requeued = true;
            return { kind: 'requeue', reason: 'later' };
          }
          return { kind: 'ack' };
        });
      },
    });
    await waitFor(() => sizes.reduce((a, b) => a + b, 0) === 101, '101 deliveries in batches');
    await sub.stop(1_000);
    expect(Math.max(...sizes)).toBe(25);
    expect(await broker.depth(queue)).toBe(0);
  });

  it('stop() waits for an in-flight handler, then tells the caller the grace expired', async () => {
    const queue = await workQueue();
    send(queue, 1);
    let expired = false;
    let started = false;
    const sub = messaging.consumer.consume({
      queue,
      prefetch: 1,
      onGraceExpired: () => (expired = true),
      handler: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
        return { kind: 'ack' };
      },
    });
    await waitFor(() => started, 'the handler to start');
    await sub.stop(200);
    expect(expired).toBe(true);
    await waitFor(
      async () => (await broker.depth(queue)) === 1,
      'the unacked message back in the queue',
    );
  });
});

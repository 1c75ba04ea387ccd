import type { HandlerOutcome, InboundMessage } from '@jobmill/transport';
import { recordingLogger, waitFor } from '@jobmill/transport/testing';
import { consumerBench, indexOf, type ConsumerBench } from './consumer-world.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Acknowledgement after the handler, redelivery of what a handler or a consumer gave up on,
// and the quorum delivery limit that ends a message nobody can handle.

describe.each(TRANSPORTS)('acks and redelivery on $name', (transport) => {
  let world: TransportWorld;
  let bench: ConsumerBench;
  const logger = recordingLogger();

  beforeAll(async () => {
    world = await transport.open();
    bench = await consumerBench(world, { logger });
  });

  afterAll(async () => {
    await world.close();
  });

  it('acks after the handler resolved: nothing is left once stopped', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 20);
    const seen: number[] = [];
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 5,
      handler: async (m) => {
        seen.push(indexOf(m.body));
        return { kind: 'ack' };
      },
    });
    await waitFor(() => seen.length === 20, '20 handled messages');
    await sub.stop(1_000);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('redelivers a requeued message, and one whose handler threw, with its delivery count', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 2);
    const deliveries: InboundMessage[] = [];
    const sub = bench.transport.consumer.consume({
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
    const first = deliveries.filter((d) => !d.redelivered);
    const again = deliveries.filter((d) => d.redelivered);
    // A first delivery has no count yet (or 0); a redelivery counts the delivery before it.
    expect(first.map((d) => d.deliveryCount ?? 0)).toEqual([0, 0]);
    expect(again.map((d) => d.properties.messageId).sort()).toEqual(['m-0', 'm-1']);
    expect(again.map((d) => d.deliveryCount)).toEqual([1, 1]);
    expect(again.every((d) => d.properties.headers['keep'] === 'me')).toBe(true);
    expect(logger.lines.some((l) => l.includes('boom'))).toBe(true);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('dead-letters a message that keeps failing after the delivery limit, same count on both', async () => {
    const limit = 3;
    const queue = await bench.workQueue(limit);
    bench.send(queue, 1);
    const counts: Array<number | undefined> = [];
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: async (m) => {
        counts.push(m.deliveryCount);
        throw new Error('never works');
      },
    });
    const dead = await world.broker.getOne(world.names.deadLetterQueue);
    await sub.stop(1_000);
    // The first delivery, then one redelivery per allowed return.
    expect(counts.map((c) => c ?? 0)).toEqual([0, 1, 2, 3]);
    expect(dead.fields.exchange).toBe(world.names.deadLetter);
    expect(dead.fields.routingKey).toBe(queue);
    expect(dead.properties.messageId).toBe('m-0');
    expect(dead.properties.headers?.['keep']).toBe('me');
    expect(dead.properties.headers?.['x-first-death-reason']).toBe('delivery_limit');
    expect(dead.properties.headers?.['x-first-death-queue']).toBe(queue);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('redelivers to another consumer what a stopped consumer held (its channel closed)', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 1);
    let release: (outcome: HandlerOutcome) => void = () => undefined;
    let heldBy = '';
    const stuck = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: (m) => {
        heldBy = String(m.properties.messageId);
        // Never settles by itself: only the closing channel gives the message back.
        return new Promise<HandlerOutcome>((resolve) => (release = resolve));
      },
    });
    await waitFor(() => heldBy === 'm-0', 'the first consumer to hold the message');
    const other = await world.service({ role: 'publisher', connectionName: 'other-consumer' });
    const got: InboundMessage[] = [];
    const taker = other.consumer.consume({
      queue,
      prefetch: 1,
      handler: async (m) => {
        got.push(m);
        return { kind: 'ack' };
      },
    });
    expect(got).toEqual([]);
    await stuck.stop(50);
    await waitFor(() => got.length === 1, 'the redelivery to the other consumer');
    expect(got[0]?.properties.messageId).toBe('m-0');
    expect(got[0]?.redelivered).toBe(true);
    // The first handler finishing late acks nothing: its channel is gone.
    release({ kind: 'ack' });
    await taker.stop(1_000);
    expect(await world.broker.depth(queue)).toBe(0);
    await other.close(500);
  });

  it('starts consuming a queue declared after the consumer (the broker refused it at first)', async () => {
    const suffix = `late-${Date.now()}`;
    const queue = `${world.broker.prefix}${suffix}`;
    const seen: string[] = [];
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: async (m) => {
        seen.push(String(m.properties.messageId));
        return { kind: 'ack' };
      },
    });
    await waitFor(
      () => logger.lines.some((l) => l.includes(`Cannot consume from ${queue}`)),
      'the refusal',
    );
    await world.broker.queue(suffix, { 'x-queue-type': 'quorum' });
    bench.send(queue, 1);
    await waitFor(() => seen.length === 1, 'the consumer to subscribe again', 6_000);
    await sub.stop(1_000);
  });
});

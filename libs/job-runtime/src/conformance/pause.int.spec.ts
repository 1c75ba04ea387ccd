import type { HandlerOutcome } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { consumerBench, indexOf, type ConsumerBench } from './consumer-world.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// Pausing a consumer (a paused job type) cancels it on the broker but keeps its channel: what
// it was handling still settles there, nothing more arrives, and resuming consumes again.

describe.each(TRANSPORTS)('pausing a consumer on $name', (transport) => {
  let world: TransportWorld;
  let bench: ConsumerBench;

  beforeAll(async () => {
    world = await transport.open();
    bench = await consumerBench(world);
  });

  afterAll(async () => {
    await world.close();
  });

  const consumersOf = async (queue: string): Promise<number> => {
    const channel = await (await world.connect()).createChannel();
    const { consumerCount } = await channel.checkQueue(queue);
    await channel.close();
    return consumerCount;
  };

  it('settles what is in flight, takes nothing while paused, and resumes', async () => {
    const queue = await bench.workQueue();
    const handled: number[] = [];
    const held: Array<() => void> = [];
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 2,
      handler: (message) =>
        new Promise<HandlerOutcome>((resolve) => {
          held.push(() => {
            handled.push(indexOf(message.body));
            resolve({ kind: 'ack' });
          });
        }),
    });
    bench.send(queue, 2);
    await waitFor(() => held.length === 2, 'two deliveries in flight');

    await sub.pause();
    for (const release of held.splice(0)) release();
    await waitFor(
      async () => (await world.broker.depth(queue)) === 0 && handled.length === 2,
      'acks',
    );
    // A quorum queue counts a cancelled consumer until its deliveries are settled.
    await waitFor(async () => (await consumersOf(queue)) === 0, 'no consumer');
    bench.send(queue, 3, 2);
    await waitFor(async () => (await world.broker.depth(queue)) === 3, 'three messages waiting');
    // A second pause changes nothing; the three are still there, unseen.
    await sub.pause();
    expect(held).toHaveLength(0);
    expect(await consumersOf(queue)).toBe(0);

    await sub.resume();
    await sub.resume();
    await waitFor(() => held.length === 2, 'deliveries again, up to the prefetch');
    await waitFor(async () => (await consumersOf(queue)) === 1, 'one consumer again');
    while (handled.length < 5) {
      for (const release of held.splice(0)) release();
      await waitFor(() => held.length > 0 || handled.length === 5, 'the next delivery');
    }
    expect(handled.sort()).toEqual([0, 1, 2, 3, 4]);
    await sub.stop(1_000);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('stops in order while paused, handing back nothing', async () => {
    const queue = await bench.workQueue();
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 1,
      handler: async (): Promise<HandlerOutcome> => ({ kind: 'ack' }),
    });
    await waitFor(async () => (await consumersOf(queue)) === 1, 'the consumer');
    await sub.pause();
    bench.send(queue, 2);
    await waitFor(async () => (await world.broker.depth(queue)) === 2, 'two messages waiting');
    await sub.stop(1_000);
    await sub.resume();
    await waitFor(async () => (await consumersOf(queue)) === 0, 'no consumer');
    expect(await world.broker.depth(queue)).toBe(2);
  });
});

import { AMQP_HEADERS } from '@jobmill/contracts';
import type { HandlerOutcome } from '@jobmill/transport';
import { waitFor } from '@jobmill/transport/testing';
import { consumerBench, type ConsumerBench } from './consumer-world.fixture';
import { TRANSPORTS, type TransportWorld } from './transports.fixture';

// The broker hands a consumer no more than its prefetch of unacknowledged messages, and a batch
// consumer's batches are bounded by it too; a batch is settled as one (multiple) ack.

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts handlers running at once. */
class Concurrency {
  active = 0;
  max = 0;
  done = 0;

  async around<T>(work: () => Promise<T>): Promise<T> {
    this.active += 1;
    this.max = Math.max(this.max, this.active);
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.done += 1;
    }
  }
}

describe.each(TRANSPORTS)('prefetch and batches on $name', (transport) => {
  let world: TransportWorld;
  let bench: ConsumerBench;

  beforeAll(async () => {
    world = await transport.open();
    bench = await consumerBench(world);
  });

  afterAll(async () => {
    await world.close();
  });

  it('never has more than prefetch unacknowledged messages in a handler at once', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 30);
    const seen = new Concurrency();
    const sub = bench.transport.consumer.consume({
      queue,
      prefetch: 3,
      handler: () =>
        seen.around(async (): Promise<HandlerOutcome> => {
          await pause(15);
          return { kind: 'ack' };
        }),
    });
    await waitFor(() => seen.done === 30, '30 handled messages');
    await sub.stop(1_000);
    expect(seen.max).toBe(3);
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('holds prefetch per consumer when two consumers share a queue', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 40);
    const a = new Concurrency();
    const b = new Concurrency();
    const consumerOf = (counter: Concurrency, prefetch: number) =>
      bench.transport.consumer.consume({
        queue,
        prefetch,
        handler: () =>
          counter.around(async (): Promise<HandlerOutcome> => {
            await pause(15);
            return { kind: 'ack' };
          }),
      });
    const subs = [consumerOf(a, 2), consumerOf(b, 4)];
    await waitFor(() => a.done + b.done === 40, '40 handled messages');
    await Promise.all(subs.map((s) => s.stop(1_000)));
    expect(a.max).toBe(2);
    expect(b.max).toBe(4);
    expect(a.done).toBeGreaterThan(0);
    expect(b.done).toBeGreaterThan(0);
  });

  it('batches up to maxBatch, acks an all-ack batch, and settles a mixed batch message by message', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 100);
    // All queued first, and a wait long enough for a loaded machine's deliveries: the largest
    // batch then shows the bound, not how fast the broker happened to push.
    await waitFor(async () => (await world.broker.depth(queue)) === 100, '100 messages queued');
    const sizes: number[] = [];
    let requeued = false;
    const sub = bench.transport.consumer.consumeBatch({
      queue,
      prefetch: 50,
      maxBatch: 25,
      maxWaitMs: 500,
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
    expect(await world.broker.depth(queue)).toBe(0);
  });

  it('weighs a batch message by its batch-size header: maxBatch counts envelopes', async () => {
    const queue = await bench.workQueue();
    for (let i = 0; i < 12; i++)
      world.broker.send(queue, JSON.stringify({ i }), {
        messageId: `b-${i}`,
        headers: { [AMQP_HEADERS.batchSize]: 10 },
      });
    const sizes: number[] = [];
    const sub = bench.transport.consumer.consumeBatch({
      queue,
      prefetch: 50,
      maxBatch: 25,
      maxWaitMs: 200,
      handler: async (batch) => {
        sizes.push(batch.length);
        return batch.map((): HandlerOutcome => ({ kind: 'ack' }));
      },
    });
    await waitFor(() => sizes.reduce((a, b) => a + b, 0) === 12, '12 batch messages');
    await sub.stop(1_000);
    // Three messages of 10 envelopes reach 25; counted as messages, one batch would take all 12.
    expect(Math.max(...sizes)).toBe(3);
  });

  it('never batches more than prefetch, and hands over a partial batch after maxWaitMs', async () => {
    const queue = await bench.workQueue();
    bench.send(queue, 23);
    const sizes: number[] = [];
    const sub = bench.transport.consumer.consumeBatch({
      queue,
      prefetch: 5,
      maxBatch: 10,
      maxWaitMs: 30,
      handler: async (batch) => {
        sizes.push(batch.length);
        return batch.map((): HandlerOutcome => ({ kind: 'ack' }));
      },
    });
    await waitFor(() => sizes.reduce((a, b) => a + b, 0) === 23, '23 messages in batches');
    await sub.stop(1_000);
    // Acks free the prefetch window only after a batch is settled: no batch outgrows it, so
    // every batch was handed over without filling up (how many a batch holds depends on how
    // the broker's deliveries arrive: the window's five may come in two reads).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    expect(await world.broker.depth(queue)).toBe(0);
  });
});

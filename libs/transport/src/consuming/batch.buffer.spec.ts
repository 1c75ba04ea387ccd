import type { ConsumeMessage } from 'amqplib';
import type { AckWindow } from './ack.window';
import { BatchBuffer } from './batch.buffer';
import type { BatchConsumeOptions, InboundMessage } from './consumer.types';
import type { Settler } from './outcome.settler';
import type { TransportLogger } from '../connection/transport.logger';

const delivery = (routingKey: string) =>
  ({ content: Buffer.from('{}'), fields: { routingKey }, properties: {} }) as ConsumeMessage;

/** A buffer whose handler records the routing keys of each batch it is handed. */
function recordingBuffer(options: Partial<BatchConsumeOptions> = {}) {
  const batches: string[][] = [];
  const settler = { settle: async () => undefined } as unknown as Settler;
  const logger = { warn: () => undefined, error: () => undefined } as unknown as TransportLogger;
  const buffer = new BatchBuffer(
    {} as AckWindow,
    {
      queue: 'q',
      prefetch: 10,
      maxBatch: 100,
      maxWaitMs: 20,
      handler: async (messages: readonly InboundMessage[]) => {
        batches.push(messages.map((m) => m.routingKey));
        return messages.map(() => ({ kind: 'ack' as const }));
      },
      ...options,
    },
    settler,
    logger,
  );
  return { buffer, batches };
}

const startedFirst = {
  awaitsFollower: (key: string) => key.endsWith('.started'),
  followerWaitMs: 2,
};

describe('BatchBuffer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands an idle handler what one turn brought, at the end of the turn', async () => {
    const { buffer, batches } = recordingBuffer(startedFirst);
    void buffer.deliver(delivery('t.ping.succeeded'));
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([['t.ping.succeeded']]);
  });

  it('keeps a delivery that awaits its follower for the next one, in the same batch', async () => {
    const { buffer, batches } = recordingBuffer(startedFirst);
    void buffer.deliver(delivery('t.ping.started'));
    await jest.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([]);
    void buffer.deliver(delivery('t.ping.succeeded'));
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([['t.ping.started', 't.ping.succeeded']]);
  });

  it('hands it over alone when no follower comes within the wait', async () => {
    const { buffer, batches } = recordingBuffer(startedFirst);
    void buffer.deliver(delivery('t.ping.started'));
    await jest.advanceTimersByTimeAsync(2);
    expect(batches).toEqual([['t.ping.started']]);
  });

  it('waits for nothing without the option', async () => {
    const { buffer, batches } = recordingBuffer();
    void buffer.deliver(delivery('t.ping.started'));
    await jest.advanceTimersByTimeAsync(0);
    void buffer.deliver(delivery('t.ping.succeeded'));
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([['t.ping.started'], ['t.ping.succeeded']]);
  });
});

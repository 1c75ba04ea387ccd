import { declareDeadLetterQueue, workQueueArguments, type Transport } from '@jobmill/transport';
import type { ServiceOptions, TransportWorld } from './transports.fixture';

/** A consuming service over plain work queues, for specs of the consumer itself. */
export interface ConsumerBench {
  readonly transport: Transport;
  /** A fresh quorum work queue (delivery limit `limit`) dead-lettering to the prefix's DLQ. */
  workQueue(limit?: number): Promise<string>;
  /** Sends `count` JSON messages `{ i }` with ids m-0, m-1, ... to a queue. */
  send(queue: string, count: number, from?: number): void;
}

/** Opens a consumer bench on a world: a service with the exchanges, and the dead-letter queue. */
export async function consumerBench(
  world: TransportWorld,
  options: Partial<ServiceOptions> = {},
): Promise<ConsumerBench> {
  const transport = await world.service({ role: 'publisher', ...options });
  await declareDeadLetterQueue(world.broker.channel, world.names);
  let made = 0;
  return {
    transport,
    workQueue: async (limit = 2) => {
      made += 1;
      const suffix = `work-${made}`;
      const name = `${world.broker.prefix}${suffix}`;
      return world.broker.queue(suffix, workQueueArguments(name, world.names, limit));
    },
    send: (queue, count, from = 0) => {
      for (let i = from; i < from + count; i++)
        world.broker.send(queue, JSON.stringify({ i }), {
          messageId: `m-${i}`,
          headers: { keep: 'me' },
        });
    },
  };
}

/** The `i` of a message `send` made. */
export const indexOf = (body: Buffer): number => (JSON.parse(body.toString()) as { i: number }).i;

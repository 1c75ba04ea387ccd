import type { TopologyNames } from '@jobmill/contracts';
import type { GetMessage, Options } from 'amqplib';
import type {
  BrokerChannel as Channel,
  BrokerConnection,
} from '../connection/broker-connection.port';
import type { ConfirmPublisher } from '../publishing/confirm.publisher';
import { deadLetterViewOf, type DeadLetterView } from './dead-letter-view.mapper';

/** What to do with one dead letter a `take` selected. */
export type DeadLetterAction = 'remove' | 'keep';

/** A dead letter with its raw message, for `republish`. */
export interface DeadLetter {
  readonly view: DeadLetterView;
  readonly message: GetMessage;
}

const CONNECT_TIMEOUT_MS = 5_000;
/** The most messages one request looks at: the queue is inspected, never drained unbounded. */
export const MAX_DEAD_LETTER_SCAN = 10_000;

/**
 * Operator access to the dead-letter queue: peek without removing (get without ack, then close
 * the channel, which returns every message), and take selected messages (each removed only
 * after its handler succeeded; the rest return when the channel closes).
 */
export class DeadLetterBrowser {
  constructor(
    private readonly connection: BrokerConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  /** Up to `limit` dead letters, oldest first; the queue is left as it was. */
  async peek(limit: number): Promise<DeadLetterView[]> {
    return this.withChannel(async (channel) => {
      const views: DeadLetterView[] = [];
      while (views.length < limit) {
        const message = await channel.get(this.names.deadLetterQueue, { noAck: false });
        if (!message) break;
        views.push(deadLetterViewOf(message));
      }
      return views;
    });
  }

  /** Hands every selected dead letter to `handle`; removes those it answers 'remove' for. */
  async take(
    select: (view: DeadLetterView) => boolean,
    handle: (letter: DeadLetter) => Promise<DeadLetterAction>,
  ): Promise<DeadLetterView[]> {
    return this.withChannel(async (channel) => {
      const removed: DeadLetterView[] = [];
      for (let scanned = 0; scanned < MAX_DEAD_LETTER_SCAN; scanned += 1) {
        const message = await channel.get(this.names.deadLetterQueue, { noAck: false });
        if (!message) break;
        const view = deadLetterViewOf(message);
        if (!select(view) || (await handle({ view, message })) !== 'remove') continue;
        channel.ack(message);
        removed.push(view);
      }
      return removed;
    });
  }

  /** Publishes a dead letter back to the queue it came from (confirmed), minus the why-headers. */
  async republish(letter: DeadLetter): Promise<void> {
    const queue = letter.view.sourceQueue;
    if (!queue)
      throw new Error(`dead letter ${letter.view.messageId ?? '?'} names no source queue`);
    const source = (letter.message.properties.headers ?? {}) as Record<string, unknown>;
    const headers = Object.fromEntries(
      Object.entries(source).filter(
        ([key]) =>
          !key.startsWith('x-jobmill-') && !key.startsWith('x-death') && key !== 'x-delivery-count',
      ),
    );
    const p = letter.message.properties as unknown as Record<string, unknown>;
    const properties: Options.Publish = {
      persistent: true,
      headers,
      ...(typeof p['messageId'] === 'string' ? { messageId: p['messageId'] } : {}),
      ...(typeof p['contentType'] === 'string' ? { contentType: p['contentType'] } : {}),
      ...(typeof p['correlationId'] === 'string' ? { correlationId: p['correlationId'] } : {}),
      ...(typeof p['type'] === 'string' ? { type: p['type'] } : {}),
      ...(typeof p['timestamp'] === 'number' ? { timestamp: p['timestamp'] } : {}),
    };
    await this.publisher.publish({
      exchange: '',
      routingKey: queue,
      content: letter.message.content,
      properties,
      mandatory: true,
    });
  }

  private async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const model = await this.connection.waitForConnection(CONNECT_TIMEOUT_MS);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      // Unacknowledged messages go back to the queue when their channel closes.
      await channel.close().catch(() => undefined);
    }
  }
}

import { AMQP_HEADERS, type TopologyNames } from '@jobmill/contracts';
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

const optional = (key: string, value: string | null): Record<string, string> =>
  value === null ? {} : { [key]: value };

/** How far a `take` got: `complete` unless its scan or time budget ran out first. */
export interface TakeReport {
  readonly scanned: number;
  readonly complete: boolean;
}

const CONNECT_TIMEOUT_MS = 5_000;
/** How long a take waits for letters it counted but cannot get yet. */
const HAND_BACK_WAIT_MS = 1_000;
/** The most messages one request looks at: the queue is inspected, never drained unbounded. */
export const MAX_DEAD_LETTER_SCAN = 10_000;
/** How long one `take` may run; the caller is told it was cut short and may ask again. */
export const DEFAULT_TAKE_BUDGET_MS = 20_000;

/**
 * Operator access to the dead-letter queue: peek without removing, and take selected messages
 * (each removed only after its handler succeeded). Both get without ack and hand back what
 * they keep with a nack on the same channel, followed by a passive declare there: the queue
 * has every letter back before the call returns, so a take right after a peek sees them all.
 * The queue is classic (no delivery limit), so looking at a letter never uses it up.
 */
export class DeadLetterBrowser {
  /** Peeks and takes of this process, one at a time: a take never misses a peeked letter. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: BrokerConnection,
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  /** Up to `limit` dead letters, oldest first; the queue is left as it was. */
  async peek(limit: number): Promise<DeadLetterView[]> {
    return this.withCursor(async (cursor) => {
      const views: DeadLetterView[] = [];
      while (views.length < limit) {
        const message = await cursor.next();
        if (!message) break;
        views.push(deadLetterViewOf(message));
      }
      return views;
    });
  }

  /**
   * Hands every selected dead letter to `handle`, removing those it answers 'remove' for. Looks
   * at each letter once (a letter that is dead-lettered again meanwhile waits for the next
   * call), at no more than MAX_DEAD_LETTER_SCAN, and stops after `budgetMs`.
   */
  async take(
    select: (view: DeadLetterView) => boolean,
    handle: (letter: DeadLetter) => Promise<DeadLetterAction>,
    budgetMs = DEFAULT_TAKE_BUDGET_MS,
  ): Promise<TakeReport> {
    const deadline = Date.now() + budgetMs;
    return this.withCursor(async (cursor) => {
      // The count at the start may lag letters another browse just handed back, so the scan
      // goes on past it until the queue is empty, or until a letter seen already in this call
      // comes round again (requeued and dead-lettered again meanwhile).
      const held = await cursor.held();
      const seen = new Set<string>();
      let scanned = 0;
      while (scanned < MAX_DEAD_LETTER_SCAN && Date.now() < deadline) {
        const message = await cursor.nextOf(held - scanned, deadline);
        if (!message) return { scanned, complete: true };
        const view = deadLetterViewOf(message);
        const key = `${view.messageId ?? ''}|${view.sourceQueue ?? ''}|${view.code ?? ''}`;
        // Past the count at the start, a letter seen already came back to the tail: every
        // letter there was at the start has been looked at.
        if (scanned >= held && seen.has(key)) return { scanned, complete: true };
        seen.add(key);
        scanned += 1;
        if (select(view) && (await handle({ view, message })) === 'remove') cursor.remove(message);
      }
      return { scanned, complete: scanned >= held };
    });
  }

  /**
   * Publishes a dead letter back to the queue it came from (confirmed), minus the why-headers.
   * It goes out as the platform, so it names `actingUser`, whose authority it carries: the
   * consumer admits it as if that user had published it again.
   */
  async republish(letter: DeadLetter, actingUser: string | undefined): Promise<void> {
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
    headers[AMQP_HEADERS.onBehalfOf] = actingUser ?? '';
    const p = letter.message.properties as unknown as Record<string, unknown>;
    const properties: Options.Publish = {
      persistent: true,
      headers,
      ...(typeof p['messageId'] === 'string' ? { messageId: p['messageId'] } : {}),
      ...(typeof p['contentType'] === 'string' ? { contentType: p['contentType'] } : {}),
      ...(typeof p['correlationId'] === 'string' ? { correlationId: p['correlationId'] } : {}),
      ...(typeof p['replyTo'] === 'string' ? { replyTo: p['replyTo'] } : {}),
      // The status service tells a requeued command from an event by its type.
      ...(typeof p['type'] === 'string' ? { type: p['type'] } : optional('type', letter.view.type)),
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

  private withCursor<T>(work: (cursor: LetterCursor) => Promise<T>): Promise<T> {
    const run = this.turn.then(() => this.onCursor(work));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async onCursor<T>(work: (cursor: LetterCursor) => Promise<T>): Promise<T> {
    const model = await this.connection.waitForConnection(CONNECT_TIMEOUT_MS);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    const cursor = new LetterCursor(channel, this.names.deadLetterQueue);
    try {
      return await work(cursor);
    } finally {
      await cursor.close();
    }
  }
}

/** Gets letters without ack on one channel; on close, hands back every letter not removed. */
class LetterCursor {
  /** The newest letter got and not removed: a nack of it with `allUpTo` returns the rest too. */
  private newestHeld: GetMessage | undefined;
  private previous: GetMessage | undefined;

  constructor(
    private readonly channel: Channel,
    private readonly queue: string,
  ) {}

  /** Letters ready in the queue now. */
  async held(): Promise<number> {
    return (await this.channel.checkQueue(this.queue)).messageCount;
  }

  async next(): Promise<GetMessage | false> {
    const message = await this.channel.get(this.queue, { noAck: false });
    if (message) [this.previous, this.newestHeld] = [this.newestHeld, message];
    return message;
  }

  /**
   * The next letter, when `expected` more are held: an empty answer is asked again for a moment,
   * in case letters another browse handed back are still on their way to the queue.
   */
  async nextOf(expected: number, deadline: number): Promise<GetMessage | false> {
    const until = Math.min(deadline, Date.now() + HAND_BACK_WAIT_MS);
    for (;;) {
      const message = await this.next();
      if (message || expected <= 0 || Date.now() >= until) return message;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Removes the letter `next` returned last. */
  remove(message: GetMessage): void {
    if (message !== this.newestHeld) throw new Error('only the newest letter can be removed');
    this.channel.ack(message);
    [this.newestHeld, this.previous] = [this.previous, undefined];
  }

  /**
   * One nack returns every letter still held. The passive declare on the same channel is
   * answered after the broker processed it, so the letters are back when this resolves.
   */
  async close(): Promise<void> {
    try {
      if (this.newestHeld) {
        this.channel.nack(this.newestHeld, true, true);
        await this.channel.checkQueue(this.queue);
      }
    } finally {
      await this.channel.close().catch(() => undefined);
    }
  }
}

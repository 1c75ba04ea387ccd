import type { Options } from 'amqplib';
import { MessageDeque } from './message.deque';
import type { StoredMessage } from './stored-message.mapper';

/** Why a queue gives a message up to its dead-letter exchange (RabbitMQ's x-death reasons). */
export type DeadLetterReason = 'rejected' | 'expired' | 'delivery_limit';

/** The queue arguments the in-process broker honours, read as RabbitMQ reads them. */
export interface QueueSettings {
  readonly quorum: boolean;
  readonly exclusiveOwner?: object;
  readonly autoDelete: boolean;
  readonly deliveryLimit?: number;
  readonly deadLetterExchange?: string;
  readonly deadLetterRoutingKey?: string;
  readonly messageTtl?: number;
}

/** A subscription on a queue, as the queue sees it. */
export interface QueueConsumer {
  readonly tag: string;
  /** Unacknowledged deliveries allowed at once; 0 = no limit. */
  readonly prefetch: number;
  readonly noAck: boolean;
  unacked: number;
  deliver(message: StoredMessage): void;
}

/** Where a queue sends what it dead-letters and how it reports becoming unused. */
export interface QueueHooks {
  deadLetter(queue: InProcessQueue, message: StoredMessage, reason: DeadLetterReason): void;
  unused(queue: InProcessQueue): void;
}

/** Reads declare options (top-level or x-arguments) into settings. */
export function queueSettingsOf(options: Options.AssertQueue = {}, owner?: object): QueueSettings {
  const args = (options.arguments ?? {}) as Record<string, unknown>;
  const num = (value: unknown): number | undefined =>
    typeof value === 'number' ? value : undefined;
  const str = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined;
  return {
    quorum: args['x-queue-type'] === 'quorum',
    autoDelete: options.autoDelete === true,
    ...(options.exclusive && owner ? { exclusiveOwner: owner } : {}),
    deliveryLimit: num(args['x-delivery-limit']),
    deadLetterExchange: str(options.deadLetterExchange ?? args['x-dead-letter-exchange']),
    deadLetterRoutingKey: str(options.deadLetterRoutingKey ?? args['x-dead-letter-routing-key']),
    messageTtl: num(options.messageTtl ?? args['x-message-ttl']),
  };
}

/**
 * One queue: ready messages in order, consumers served round-robin within their prefetch,
 * returns counted (quorum delivery limit), and a message TTL that expires at the head.
 */
export class InProcessQueue {
  private readonly ready = new MessageDeque();
  private readonly consumers: QueueConsumer[] = [];
  private turn = 0;
  private dispatching = false;
  private expiry: NodeJS.Timeout | undefined;
  private hadConsumer = false;

  constructor(
    readonly name: string,
    readonly settings: QueueSettings,
    private readonly hooks: QueueHooks,
  ) {}

  get messageCount(): number {
    return this.ready.length;
  }

  get consumerCount(): number {
    return this.consumers.length;
  }

  enqueue(message: StoredMessage): void {
    const ttl = this.settings.messageTtl;
    if (ttl !== undefined) message.expiresAt = Date.now() + ttl;
    this.ready.push(message);
    this.scheduleExpiry();
    this.dispatch();
  }

  /** A delivery came back unacknowledged (nack with requeue, or its channel closed). */
  returnMessage(message: StoredMessage): void {
    message.returns += 1;
    message.redelivered = true;
    const limit = this.settings.quorum ? this.settings.deliveryLimit : undefined;
    if (limit !== undefined && message.returns > limit) {
      this.hooks.deadLetter(this, message, 'delivery_limit');
      return;
    }
    this.ready.unshift(message);
  }

  /** A delivery was rejected without requeue. */
  reject(message: StoredMessage): void {
    this.hooks.deadLetter(this, message, 'rejected');
  }

  /** The next ready message, for basic.get. */
  take(): StoredMessage | undefined {
    return this.ready.shift();
  }

  addConsumer(consumer: QueueConsumer): void {
    this.consumers.push(consumer);
    this.hadConsumer = true;
    this.dispatch();
  }

  removeConsumer(consumer: QueueConsumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index >= 0) this.consumers.splice(index, 1);
    if (this.settings.autoDelete && this.hadConsumer && this.consumers.length === 0)
      this.hooks.unused(this);
  }

  purge(): number {
    return this.ready.clear();
  }

  /** Hands ready messages to consumers with room, round-robin. */
  dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let consumer = this.nextWithRoom(); consumer; consumer = this.nextWithRoom()) {
        const message = this.ready.shift();
        if (!message) break;
        if (!consumer.noAck) consumer.unacked += 1;
        consumer.deliver(message);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** Drops everything (the queue was deleted or the broker closed). */
  destroy(): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
    this.ready.clear();
    this.consumers.length = 0;
  }

  private nextWithRoom(): QueueConsumer | undefined {
    if (this.ready.length === 0) return undefined;
    for (let i = 0; i < this.consumers.length; i += 1) {
      const consumer = this.consumers[(this.turn + i) % this.consumers.length];
      if (
        consumer &&
        (consumer.noAck || consumer.prefetch === 0 || consumer.unacked < consumer.prefetch)
      ) {
        this.turn = (this.turn + i + 1) % this.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  private scheduleExpiry(): void {
    const head = this.ready.peek();
    if (this.expiry || head?.expiresAt === undefined) return;
    this.expiry = setTimeout(() => this.expireHead(), Math.max(0, head.expiresAt - Date.now()));
    this.expiry.unref();
  }

  private expireHead(): void {
    this.expiry = undefined;
    const now = Date.now();
    for (let head = this.ready.peek(); head?.expiresAt !== undefined && head.expiresAt <= now;) {
      this.ready.shift();
      this.hooks.deadLetter(this, head, 'expired');
      head = this.ready.peek();
    }
    this.scheduleExpiry();
  }
}

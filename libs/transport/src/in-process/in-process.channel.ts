import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ConsumeMessage, GetMessage, Message, Options, Replies } from 'amqplib';
import type { BrokerConfirmChannel } from '../connection/broker-connection.port';
import type { InProcessBroker } from './in-process.broker';
import { InProcessBrokerError, preconditionFailed } from './in-process-broker.error';
import type { InProcessQueue, QueueConsumer } from './in-process.queue';
import { deliveryOf, propertiesOf, type StoredMessage } from './stored-message.mapper';

interface Unacked {
  readonly queue: InProcessQueue;
  readonly message: StoredMessage;
  readonly consumer?: QueueConsumer;
}

type Settlement = 'ack' | 'requeue' | 'reject';

/**
 * A channel on the in-process broker with amqplib's channel semantics: per-consumer prefetch,
 * delivery tags, ack/nack (multiple), publisher confirms and returns, and every unacknowledged
 * delivery back to its queue when the channel closes.
 */
export class InProcessChannel extends EventEmitter implements BrokerConfirmChannel {
  private open = true;
  private prefetchCount = 0;
  private nextTag = 1;
  private readonly unacked = new Map<number, Unacked>();
  private readonly consumers = new Map<
    string,
    { queue: InProcessQueue; consumer: QueueConsumer }
  >();

  constructor(
    private readonly broker: InProcessBroker,
    private readonly owner: object,
    private readonly onClosed: (channel: InProcessChannel) => void,
  ) {
    super();
  }

  async assertExchange(exchange: string, type: string): Promise<Replies.AssertExchange> {
    this.operate(() => this.broker.declareExchange(exchange, type));
    return { exchange };
  }

  async assertQueue(queue: string, options?: Options.AssertQueue): Promise<Replies.AssertQueue> {
    return replyOf(this.operate(() => this.broker.declareQueue(queue, options ?? {}, this.owner)));
  }

  async checkQueue(queue: string): Promise<Replies.AssertQueue> {
    return replyOf(this.operate(() => this.broker.queue(queue)));
  }

  async bindQueue(queue: string, source: string, pattern: string): Promise<Replies.Empty> {
    this.operate(() => this.broker.bind(queue, source, pattern));
    return {};
  }

  async deleteQueue(queue: string): Promise<Replies.DeleteQueue> {
    return { messageCount: this.operate(() => this.broker.deleteQueue(queue)) };
  }

  async unbindQueue(queue: string, source: string, pattern: string): Promise<Replies.Empty> {
    this.operate(() => this.broker.unbind(queue, source, pattern));
    return {};
  }

  async prefetch(count: number): Promise<Replies.Empty> {
    this.prefetchCount = count;
    return {};
  }

  async consume(
    queue: string,
    onMessage: (message: ConsumeMessage | null) => void,
    options: Options.Consume = {},
  ): Promise<Replies.Consume> {
    const target = this.operate(() => this.broker.queue(queue));
    const tag = options.consumerTag ?? `amq.ctag-${randomUUID()}`;
    const consumer: QueueConsumer = {
      tag,
      prefetch: this.prefetchCount,
      noAck: options.noAck === true,
      unacked: 0,
      deliver: (message) => {
        const delivery = this.track(target, message, consumer);
        // Asynchronous, as over a socket: the consumer never runs inside our own call stack.
        setImmediate(() => this.open && onMessage(delivery));
      },
    };
    this.consumers.set(tag, { queue: target, consumer });
    target.addConsumer(consumer);
    return { consumerTag: tag };
  }

  async cancel(consumerTag: string): Promise<Replies.Cancel> {
    const entry = this.consumers.get(consumerTag);
    this.consumers.delete(consumerTag);
    entry?.queue.removeConsumer(entry.consumer);
    return { consumerTag };
  }

  async get(queue: string, options: Options.Get = {}): Promise<GetMessage | false> {
    const target = this.operate(() => this.broker.queue(queue));
    const message = target.take();
    if (!message) return false;
    const delivery = options.noAck ? this.untracked(target, message) : this.track(target, message);
    return { ...delivery, fields: { ...delivery.fields, messageCount: target.messageCount } };
  }

  ack(message: Message, allUpTo = false): void {
    this.settle(message, allUpTo, 'ack');
  }

  reject(message: Message, requeue = true): void {
    this.settle(message, false, requeue ? 'requeue' : 'reject');
  }

  nack(message: Message, allUpTo = false, requeue = true): void {
    this.settle(message, allUpTo, requeue ? 'requeue' : 'reject');
  }

  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options?: Options.Publish,
    callback?: (error: unknown, ok: Replies.Empty) => void,
  ): boolean {
    this.checkOpen();
    const properties = propertiesOf(options);
    let routed: number;
    try {
      routed = this.broker.route(exchange, routingKey, content, properties);
    } catch (error) {
      if (!(error instanceof InProcessBrokerError)) throw error;
      // A missing exchange closes the channel, and a closed channel confirms nothing.
      if (callback) setImmediate(() => callback(new Error('channel closed'), {}));
      this.fail(error);
      return true;
    }
    if (routed === 0 && options?.mandatory) {
      const fields = { replyCode: 312, replyText: 'NO_ROUTE', exchange, routingKey };
      setImmediate(() => this.emit('return', { content, fields, properties }));
    }
    if (callback) setImmediate(() => callback(null, {}));
    return true;
  }

  /** Cancels this channel's consumers and returns its unacknowledged deliveries to their queues. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const { queue, consumer } of this.consumers.values()) queue.removeConsumer(consumer);
    this.consumers.clear();
    // Newest first, each to the head: the queue gets them back in their original order.
    const returned = [...this.unacked.values()].reverse();
    this.unacked.clear();
    for (const { queue, message } of returned) queue.returnMessage(message);
    for (const queue of new Set(returned.map((u) => u.queue))) queue.dispatch();
    this.onClosed(this);
    this.emit('close');
  }

  private track(
    queue: InProcessQueue,
    message: StoredMessage,
    consumer?: QueueConsumer,
  ): ConsumeMessage {
    const tag = this.nextTag++;
    if (!consumer?.noAck)
      this.unacked.set(tag, { queue, message, ...(consumer ? { consumer } : {}) });
    return deliveryOf(message, tag, consumer?.tag ?? '', queue.settings.quorum);
  }

  private untracked(queue: InProcessQueue, message: StoredMessage): ConsumeMessage {
    return deliveryOf(message, this.nextTag++, '', queue.settings.quorum);
  }

  private settle(message: Message, allUpTo: boolean, how: Settlement): void {
    if (!this.open) return;
    const tag = message.fields.deliveryTag;
    const tags = tagsToSettle(tag, allUpTo ? [...this.unacked.keys()] : undefined, how);
    if (!this.unacked.has(tag) && !(allUpTo && tags.length > 0)) {
      // RabbitMQ closes the channel on an unknown delivery tag; so do we.
      this.fail(preconditionFailed(`unknown delivery tag ${tag}`));
      return;
    }
    const touched = new Set<InProcessQueue>();
    for (const t of tags) {
      const entry = this.unacked.get(t);
      if (!entry) continue;
      this.unacked.delete(t);
      if (entry.consumer) entry.consumer.unacked -= 1;
      if (how === 'requeue') entry.queue.returnMessage(entry.message);
      else if (how === 'reject') entry.queue.reject(entry.message);
      touched.add(entry.queue);
    }
    for (const queue of touched) queue.dispatch();
  }

  /**
   * Runs a broker operation; a refusal (404, 406, ...) closes the channel before it rejects,
   * as RabbitMQ closes a channel on every channel-level error.
   */
  private operate<T>(operation: () => T): T {
    this.checkOpen();
    try {
      return operation();
    } catch (error) {
      if (error instanceof InProcessBrokerError) this.fail(error);
      throw error;
    }
  }

  private fail(error: InProcessBrokerError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
    void this.close();
  }

  private checkOpen(): void {
    if (!this.open) throw new InProcessBrokerError(504, 'Channel closed');
  }
}

/**
 * The delivery tags one ack/nack settles. Requeued newest first, each to the head, so a
 * multiple requeue keeps the original order, as in RabbitMQ.
 */
function tagsToSettle(tag: number, unacked: number[] | undefined, how: Settlement): number[] {
  if (!unacked) return [tag];
  const upTo = unacked.filter((t) => t <= tag);
  return how === 'requeue' ? upTo.sort((a, b) => b - a) : upTo;
}

function replyOf(queue: InProcessQueue): Replies.AssertQueue {
  return {
    queue: queue.name,
    messageCount: queue.messageCount,
    consumerCount: queue.consumerCount,
  };
}

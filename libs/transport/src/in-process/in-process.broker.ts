import { randomUUID } from 'node:crypto';
import type { MessageProperties, Options } from 'amqplib';
import { notFound, preconditionFailed } from './in-process-broker.error';
import {
  InProcessQueue,
  queueSettingsOf,
  type DeadLetterReason,
  type QueueHooks,
  type QueueSettings,
} from './in-process.queue';
import { storedCopy, type StoredMessage } from './stored-message.mapper';
import { topicMatches } from '../topology/topic-pattern.matcher';

type ExchangeType = 'topic' | 'fanout' | 'direct';

interface Exchange {
  readonly type: ExchangeType;
  readonly bindings: Array<{ readonly queue: string; readonly pattern: string }>;
}

/**
 * A message broker inside one process, for embedded mode and tests: exchanges (topic, fanout,
 * direct and the default exchange), queues with the arguments our topology declares (quorum
 * delivery limit, dead-letter exchange and routing key, message TTL, exclusive, auto-delete).
 * It keeps nothing on disk: what it holds is lost with the process. Reach it through
 * `InProcessConnection`, which gives the same channels the AMQP code uses.
 */
export class InProcessBroker {
  private readonly exchanges = new Map<string, Exchange>();
  private readonly queues = new Map<string, InProcessQueue>();
  private readonly hooks: QueueHooks = {
    deadLetter: (queue, message, reason) => this.deadLetter(queue, message, reason),
    unused: (queue) => this.deleteQueue(queue.name),
  };

  declareExchange(name: string, type: string): void {
    if (type !== 'topic' && type !== 'fanout' && type !== 'direct')
      throw preconditionFailed(`exchange type '${type}' is not supported in process`);
    const existing = this.exchanges.get(name);
    if (existing && existing.type !== type)
      throw preconditionFailed(`inequivalent arg 'type' for exchange '${name}'`);
    if (!existing) this.exchanges.set(name, { type, bindings: [] });
  }

  /** Declares a queue (a server-generated name for ''); re-declaring must not change it. */
  declareQueue(name: string, options: Options.AssertQueue, owner: object): InProcessQueue {
    const settings = queueSettingsOf(options, owner);
    const existing = this.queues.get(name);
    if (existing) {
      checkEquivalent(name, existing.settings, settings);
      return existing;
    }
    const queueName = name === '' ? `amq.gen-${randomUUID()}` : name;
    const queue = new InProcessQueue(queueName, settings, this.hooks);
    this.queues.set(queueName, queue);
    return queue;
  }

  queue(name: string): InProcessQueue {
    const queue = this.queues.get(name);
    if (!queue) throw notFound(`queue '${name}'`);
    return queue;
  }

  bind(queue: string, exchange: string, pattern: string): void {
    this.queue(queue);
    const target = this.exchanges.get(exchange);
    if (!target) throw notFound(`exchange '${exchange}'`);
    if (!target.bindings.some((b) => b.queue === queue && b.pattern === pattern))
      target.bindings.push({ queue, pattern });
  }

  /** Routes a message to every matching queue (each gets its own copy); returns how many. */
  route(
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: MessageProperties,
  ): number {
    const targets = this.targetsOf(exchange, routingKey);
    for (const queue of targets)
      queue.enqueue(storedCopy(content, properties, exchange, routingKey));
    return targets.length;
  }

  /** Removes a binding; one that does not exist is no error, as in RabbitMQ. */
  unbind(queue: string, exchange: string, pattern: string): void {
    const bindings = this.exchanges.get(exchange)?.bindings;
    const at = bindings?.findIndex((b) => b.queue === queue && b.pattern === pattern) ?? -1;
    if (at >= 0) bindings?.splice(at, 1);
  }

  /** Deletes a queue and its bindings; returns how many messages it held. */
  deleteQueue(name: string): number {
    const queue = this.queues.get(name);
    if (!queue) return 0;
    const count = queue.messageCount;
    queue.destroy();
    this.queues.delete(name);
    for (const exchange of this.exchanges.values()) {
      const kept = exchange.bindings.filter((b) => b.queue !== name);
      exchange.bindings.splice(0, exchange.bindings.length, ...kept);
    }
    return count;
  }

  /** Deletes the exclusive queues of a connection that closed. */
  dropOwnedBy(owner: object): void {
    for (const queue of [...this.queues.values()])
      if (queue.settings.exclusiveOwner === owner) this.deleteQueue(queue.name);
  }

  /** Drops every queue and exchange (and their timers). */
  close(): void {
    for (const name of [...this.queues.keys()]) this.deleteQueue(name);
    this.exchanges.clear();
  }

  private targetsOf(exchange: string, routingKey: string): InProcessQueue[] {
    if (exchange === '') {
      const queue = this.queues.get(routingKey);
      return queue ? [queue] : [];
    }
    const source = this.exchanges.get(exchange);
    if (!source) throw notFound(`exchange '${exchange}'`);
    const names = new Set<string>();
    for (const { queue, pattern } of source.bindings)
      if (matches(source.type, pattern, routingKey)) names.add(queue);
    return [...names].flatMap((name) => this.queues.get(name) ?? []);
  }

  /** As RabbitMQ does it: to the queue's DLX with its DLX routing key, x-death recorded. */
  private deadLetter(
    queue: InProcessQueue,
    message: StoredMessage,
    reason: DeadLetterReason,
  ): void {
    const { deadLetterExchange, deadLetterRoutingKey } = queue.settings;
    if (deadLetterExchange === undefined) return;
    const headers = { ...(message.properties.headers ?? {}) } as Record<string, unknown>;
    delete headers['x-delivery-count'];
    const death = {
      count: 1,
      reason,
      queue: queue.name,
      time: Math.floor(Date.now() / 1000),
      exchange: message.exchange,
      'routing-keys': [message.routingKey],
    };
    const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as unknown[]) : [];
    headers['x-death'] = [death, ...deaths];
    headers['x-first-death-reason'] ??= reason;
    headers['x-first-death-queue'] ??= queue.name;
    headers['x-first-death-exchange'] ??= message.exchange;
    const properties = { ...message.properties, headers } as MessageProperties;
    try {
      this.route(
        deadLetterExchange,
        deadLetterRoutingKey ?? message.routingKey,
        message.content,
        properties,
      );
    } catch {
      // A dead-letter exchange that does not exist drops the message, as in RabbitMQ.
    }
  }
}

function matches(type: ExchangeType, pattern: string, routingKey: string): boolean {
  if (type === 'fanout') return true;
  return type === 'direct' ? pattern === routingKey : topicMatches(pattern, routingKey);
}

function checkEquivalent(name: string, was: QueueSettings, now: QueueSettings): void {
  const keys = [
    'quorum',
    'deliveryLimit',
    'deadLetterExchange',
    'deadLetterRoutingKey',
    'messageTtl',
  ] as const;
  for (const key of keys)
    if (was[key] !== now[key])
      throw preconditionFailed(`inequivalent arg '${key}' for queue '${name}'`);
}

import { randomUUID } from 'node:crypto';
import type { Message } from 'amqplib';
import type {
  BrokerConfirmChannel as ConfirmChannel,
  BrokerConnection,
} from '../connection/broker-connection.port';
import { defaultLogger, describeError, type TransportLogger } from '../connection/transport.logger';
import { BrokerBlockedError } from '../errors/broker-blocked.error';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { PublishNackedError } from '../errors/publish-nacked.error';
import { UnroutableMessageError } from '../errors/unroutable-message.error';
import {
  NO_TRANSPORT_OBSERVER,
  type TransportObserver,
} from '../observing/transport-observer.port';
import type { PublishProperties, PublishRequest } from './publish-request.types';
import { ConfirmDeadlines } from './confirm-deadlines';
import { AwaitedPublish } from './awaited-publish';

/**
 * amqplib's options of a publish, one fixed shape: the request's properties, its message id,
 * the connection's user unless the request names one, and whether it is mandatory.
 */
const publishOptions = (
  { properties: p, mandatory }: PublishRequest,
  messageId: string,
  userId: string | undefined,
): PublishProperties => ({
  contentType: p.contentType,
  contentEncoding: p.contentEncoding,
  headers: p.headers as Record<string, unknown> | undefined,
  persistent: p.persistent,
  deliveryMode: p.deliveryMode,
  priority: p.priority,
  correlationId: p.correlationId,
  replyTo: p.replyTo,
  expiration: p.expiration,
  messageId,
  timestamp: p.timestamp,
  type: p.type,
  userId: p.userId ?? userId,
  appId: p.appId,
  CC: p.CC,
  BCC: p.BCC,
  mandatory: mandatory === true,
});

export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/**
 * What a publish does while the broker blocks publishing (a memory or disk alarm). `wait`: it
 * waits for the block to lift, its timeout counted from then (a worker's outcome, which has
 * nowhere else to go). `refuse` (the API, whose client is waiting): a new publish fails at once
 * with BROKER_BLOCKED, nothing sent; one already sent fails with BROKER_BLOCKED `sent`, since the
 * broker will still read and route it.
 */
export type WhileBlocked = 'wait' | 'refuse';

/**
 * Publishes on one shared confirm channel with many confirms in flight. Every publish settles
 * within `timeoutMs`: confirmed, nacked, returned (mandatory), or BROKER_UNAVAILABLE; while the
 * broker blocks publishing, as `whileBlocked` says.
 */
export class ConfirmPublisher {
  private channel: ConfirmChannel | undefined;
  private opening: Promise<ConfirmChannel> | undefined;
  /** Mandatory publishes in flight by message id: RabbitMQ sends basic.return before the ack. */
  private readonly inFlight = new Map<string, AwaitedPublish[]>();
  private readonly logger: TransportLogger;
  /** Whatever is still unconfirmed at its deadline fails: one timer for all publishes. */
  private readonly deadlines: ConfirmDeadlines;

  constructor(
    private readonly connection: BrokerConnection,
    readonly timeoutMs = DEFAULT_PUBLISH_TIMEOUT_MS,
    logger?: TransportLogger,
    /** The connection's AMQP user, set as user_id unless a request sets its own. */
    private readonly userId?: string,
    private readonly observer: TransportObserver = NO_TRANSPORT_OBSERVER,
    private readonly whileBlocked: WhileBlocked = 'wait',
  ) {
    this.logger = logger ?? defaultLogger('ConfirmPublisher');
    this.deadlines = new ConfirmDeadlines(
      () => new BrokerUnavailableError(`No publisher confirm within ${this.timeoutMs} ms.`),
    );
    connection.onBlocked((reason) => this.onBlocked(reason));
  }

  /** Publishes one message; resolves on the broker's confirm. */
  publish(request: PublishRequest): Promise<void> {
    const refused = this.refusedWhileBlocked();
    if (refused) return Promise.reject(refused);
    const deadline = Date.now() + this.timeoutMs;
    const channel = this.channel;
    if (channel) return this.send(channel, request, deadline);
    return this.acquire(deadline).then((opened) => this.send(opened, request, deadline));
  }

  /** Publishes all without waiting in between; resolves when all are confirmed, else rejects. */
  async publishAll(requests: readonly PublishRequest[]): Promise<void> {
    if (requests.length <= 1) return requests[0] && this.publish(requests[0]);
    const refused = this.refusedWhileBlocked();
    if (refused) throw refused;
    const deadline = Date.now() + this.timeoutMs;
    const channel = this.channel ?? (await this.acquire(deadline));
    await Promise.all(requests.map((request) => this.send(channel, request, deadline)));
  }

  private refusedWhileBlocked(): BrokerBlockedError | undefined {
    if (this.whileBlocked === 'wait') return undefined;
    const reason = this.connection.blockedReason();
    return reason === undefined ? undefined : new BrokerBlockedError(reason);
  }

  // What was sent before the block is read, and may be routed, once it lifts: failed by its
  // timeout meanwhile, it would turn up later anyway (a job answered 503 that still runs).
  private onBlocked(reason: string | undefined): void {
    this.observer.publishingBlocked(reason !== undefined);
    if (reason === undefined) this.deadlines.release(this.timeoutMs);
    else if (this.whileBlocked === 'wait') this.deadlines.hold();
    else this.deadlines.failOpen(new BrokerBlockedError(reason, true));
  }

  private acquire(deadline: number): Promise<ConfirmChannel> {
    if (this.channel) return Promise.resolve(this.channel);
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return beforeDeadline(this.opening, deadline, this.timeoutMs);
  }

  private async open(): Promise<ConfirmChannel> {
    const model = await this.connection.waitForConnection(this.timeoutMs);
    let channel: ConfirmChannel;
    try {
      channel = await model.createConfirmChannel();
    } catch (error) {
      throw new BrokerUnavailableError(`Cannot open a channel: ${describeError(error)}`, {
        cause: error,
      });
    }
    channel.on('error', (error: Error) => this.logger.warn(`Publish channel: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    channel.on('return', (message: Message) => this.onReturn(message));
    this.channel = channel;
    return channel;
  }

  // One object and one callback a publish: at thousands a second, closures and spread copies
  // per publish showed as the largest allocations of the publishing process.
  private send(channel: ConfirmChannel, request: PublishRequest, deadline: number): Promise<void> {
    const messageId = request.properties.messageId ?? randomUUID();
    const awaited = new AwaitedPublish(request, messageId, deadline, this.settled);
    this.deadlines.watch(awaited);
    if (request.mandatory) this.track(awaited);
    try {
      channel.publish(
        request.exchange,
        request.routingKey,
        request.content,
        publishOptions(request, messageId, this.userId),
        (error: unknown) => this.confirmed(awaited, error),
      );
      this.observer.messagePublished(request.exchange);
    } catch (error) {
      awaited.finish(
        new BrokerUnavailableError(`Cannot publish: ${describeError(error)}`, { cause: error }),
      );
    }
    return awaited.promise;
  }

  private confirmed(awaited: AwaitedPublish, error: unknown): void {
    const { exchange, routingKey } = awaited.request;
    if (error) return awaited.finish(confirmError(error, exchange, routingKey));
    this.observer.publishConfirmed(exchange, (performance.now() - awaited.sentAt) / 1e3);
    if (awaited.returned === undefined) return awaited.finish();
    awaited.finish(new UnroutableMessageError(exchange, routingKey, awaited.returned));
  }

  /** What settling a publish undoes here: its deadline, its place among the returnable. */
  private readonly settled = (awaited: AwaitedPublish): void => {
    this.deadlines.settle(awaited);
    if (awaited.request.mandatory) this.untrack(awaited);
  };

  private track(awaited: AwaitedPublish): void {
    const list = this.inFlight.get(awaited.messageId);
    if (list) list.push(awaited);
    else this.inFlight.set(awaited.messageId, [awaited]);
  }

  private untrack(awaited: AwaitedPublish): void {
    const list = this.inFlight.get(awaited.messageId);
    if (!list) return;
    const at = list.indexOf(awaited);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.inFlight.delete(awaited.messageId);
  }

  private onReturn(message: Message): void {
    const id = message.properties.messageId as unknown;
    const list = typeof id === 'string' ? this.inFlight.get(id) : undefined;
    const pending = list?.find((awaited) => awaited.returned === undefined);
    const fields = message.fields as unknown as { readonly replyText?: string };
    if (pending) pending.returned = fields.replyText ?? 'NO_ROUTE';
  }
}

function confirmError(error: unknown, exchange: string, routingKey: string): Error {
  if (error instanceof Error && error.message === 'message nacked')
    return new PublishNackedError(exchange, routingKey);
  return new BrokerUnavailableError(`Publish not confirmed: ${describeError(error)}`, {
    cause: error,
  });
}

/** `promise`, or BROKER_UNAVAILABLE once the deadline passed. */
function beforeDeadline<T>(promise: Promise<T>, deadline: number, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new BrokerUnavailableError(`No broker channel within ${timeoutMs} ms.`)),
      Math.max(0, deadline - Date.now()),
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new BrokerUnavailableError(String(error)));
      },
    );
  });
}

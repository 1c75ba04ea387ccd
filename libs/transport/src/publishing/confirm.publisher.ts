import { randomUUID } from 'node:crypto';
import type { Message } from 'amqplib';
import type {
  BrokerConfirmChannel as ConfirmChannel,
  BrokerConnection,
} from '../connection/broker-connection.port';
import { defaultLogger, describeError, type TransportLogger } from '../connection/transport.logger';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { PublishNackedError } from '../errors/publish-nacked.error';
import { UnroutableMessageError } from '../errors/unroutable-message.error';
import {
  NO_TRANSPORT_OBSERVER,
  type TransportObserver,
} from '../observing/transport-observer.port';
import type { PublishRequest } from './publish-request.types';
import { ConfirmDeadlines } from './confirm-deadlines';

/** A mandatory publish waiting for its confirm; `returned` is set by a basic.return. */
interface PendingReturn {
  returned?: string;
}

export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/**
 * Publishes on one shared confirm channel with many confirms in flight. Every publish settles
 * within `timeoutMs`: confirmed, nacked, returned (mandatory), or BROKER_UNAVAILABLE.
 */
export class ConfirmPublisher {
  private channel: ConfirmChannel | undefined;
  private opening: Promise<ConfirmChannel> | undefined;
  /** Mandatory publishes in flight by message id: RabbitMQ sends basic.return before the ack. */
  private readonly inFlight = new Map<string, PendingReturn[]>();
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
  ) {
    this.logger = logger ?? defaultLogger('ConfirmPublisher');
    this.deadlines = new ConfirmDeadlines(
      () => new BrokerUnavailableError(`No publisher confirm within ${this.timeoutMs} ms.`),
    );
  }

  /** Publishes one message; resolves on the broker's confirm. */
  async publish(request: PublishRequest): Promise<void> {
    return this.publishAll([request]);
  }

  /** Publishes all without waiting in between; resolves when all are confirmed, else rejects. */
  async publishAll(requests: readonly PublishRequest[]): Promise<void> {
    const [only] = requests;
    if (only === undefined) return;
    const deadline = Date.now() + this.timeoutMs;
    const channel = this.channel ?? (await this.acquire(deadline));
    if (requests.length === 1) return this.send(channel, only, deadline);
    await Promise.all(requests.map((request) => this.send(channel, request, deadline)));
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

  private send(channel: ConfirmChannel, request: PublishRequest, deadline: number): Promise<void> {
    const { exchange, routingKey } = request;
    const messageId = request.properties.messageId ?? randomUUID();
    const pending: PendingReturn = {};
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        this.deadlines.settle(awaited);
        if (request.mandatory) this.untrack(messageId, pending);
        if (error) reject(error);
        else resolve();
      };
      const awaited = { deadline, open: true, fail: finish };
      this.deadlines.watch(awaited);
      if (request.mandatory) this.track(messageId, pending);
      const options = {
        ...(this.userId === undefined ? {} : { userId: this.userId }),
        ...request.properties,
        messageId,
        mandatory: request.mandatory === true,
      };
      const sentAt = performance.now();
      try {
        channel.publish(exchange, routingKey, request.content, options, (error: unknown) => {
          if (!error) this.observer.publishConfirmed(exchange, (performance.now() - sentAt) / 1e3);
          if (error) finish(confirmError(error, exchange, routingKey));
          else if (pending.returned !== undefined)
            finish(new UnroutableMessageError(exchange, routingKey, pending.returned));
          else finish();
        });
        this.observer.messagePublished(exchange);
      } catch (error) {
        finish(
          new BrokerUnavailableError(`Cannot publish: ${describeError(error)}`, { cause: error }),
        );
      }
    });
  }

  private track(messageId: string, pending: PendingReturn): void {
    const list = this.inFlight.get(messageId);
    if (list) list.push(pending);
    else this.inFlight.set(messageId, [pending]);
  }

  private untrack(messageId: string, pending: PendingReturn): void {
    const list = this.inFlight.get(messageId);
    if (!list) return;
    const at = list.indexOf(pending);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) this.inFlight.delete(messageId);
  }

  private onReturn(message: Message): void {
    const id = message.properties.messageId as unknown;
    const list = typeof id === 'string' ? this.inFlight.get(id) : undefined;
    const pending = list?.find((p) => p.returned === undefined);
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

import type { ConsumeMessage } from 'amqplib';
import type {
  BrokerChannel as Channel,
  BrokerConnection,
  BrokerModel as ChannelModel,
} from '../connection/broker-connection.port';
import { bounded } from '../connection/bounded.util';
import { describeError, type TransportLogger } from '../connection/transport.logger';
import type { TransportObserver } from '../observing/transport-observer.port';
import { AckWindow } from './ack.window';
import type { Subscription } from './consumer.types';

/** Receives one channel's deliveries; `deliver` resolves once the message is settled. */
export interface DeliverySink {
  deliver(message: ConsumeMessage): Promise<void>;
  /** Hands over anything buffered (batch mode) when the consumer stops. */
  flush?(): void;
}

/** How a ConsumerHost consumes. */
export interface ConsumerHostOptions {
  readonly queue: string;
  readonly prefetch: number;
  readonly defaultGraceMs: number;
  readonly onGraceExpired?: () => void;
  readonly sinkFor: (acks: AckWindow) => DeliverySink;
  readonly observer: TransportObserver;
}

const RESUBSCRIBE_DELAY_MS = 2_000;
/** After the grace period, how long aborted handlers get to wind down before the channel closes. */
const ABORT_WIND_DOWN_MS = 1_000;

/**
 * Keeps one consumer alive across reconnections: its own channel with basic.qos, manual acks,
 * a fresh subscription after each (re)connect, and an orderly stop.
 */
export class ConsumerHost implements Subscription {
  private channel: Channel | undefined;
  private sink: DeliverySink | undefined;
  private acks: AckWindow | undefined;
  private consumerTag: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  /** Paused: no consumer on the queue (none after a reconnect either) until `resume`. */
  private paused = false;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly options: ConsumerHostOptions,
    private readonly logger: TransportLogger,
  ) {}

  /** Subscribes now if connected, and again after every reconnect. */
  start(): void {
    this.unsubscribe = this.connection.onConnected((model) => void this.subscribe(model));
    const model = this.connection.current();
    if (model) void this.subscribe(model);
  }

  stop(graceMs = this.options.defaultGraceMs): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  /**
   * Cancels the consumer but keeps its channel, so the deliveries in flight still settle on it;
   * nothing more is delivered until `resume` (also across reconnects).
   */
  async pause(): Promise<void> {
    if (this.paused) return;
    this.paused = true;
    const { channel, consumerTag } = this;
    this.consumerTag = undefined;
    if (channel && consumerTag) await bounded(channel.cancel(consumerTag), 2_000);
    this.sink?.flush?.();
  }

  /** Consumes again after `pause`: on the same channel, or a new one if it was lost meanwhile. */
  async resume(): Promise<void> {
    if (!this.paused || this.stopping) return;
    this.paused = false;
    const model = this.connection.current();
    if (this.channel && this.acks && this.sink) await this.consumeOn(this.channel);
    else if (model) await this.subscribe(model);
  }

  private async subscribe(model: ChannelModel): Promise<void> {
    if (this.stopping || this.paused) return;
    try {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.warn(`Consumer channel: ${error.message}`));
      channel.on('close', () => this.onChannelClosed(channel, model));
      await channel.prefetch(this.options.prefetch, false);
      const acks = new AckWindow(channel);
      this.channel = channel;
      this.sink = this.options.sinkFor(acks);
      this.acks = acks;
      await this.consumeOn(channel);
      if (this.stopping) await channel.close().catch(() => undefined);
    } catch (error) {
      this.logger.warn(`Cannot consume from ${this.options.queue}: ${describeError(error)}`);
    }
  }

  private async consumeOn(channel: Channel): Promise<void> {
    const { acks, sink } = this;
    if (!acks || !sink || this.paused) return;
    const reply = await channel.consume(
      this.options.queue,
      (message) => this.onDelivery(channel, acks, sink, message),
      { noAck: false },
    );
    // Paused while the consume was on its way: cancel it at once.
    if (this.paused) await bounded(channel.cancel(reply.consumerTag), 2_000);
    else this.consumerTag = reply.consumerTag;
  }

  private onDelivery(
    channel: Channel,
    acks: AckWindow,
    sink: DeliverySink,
    message: ConsumeMessage | null,
  ): void {
    if (message === null) {
      // The broker cancelled us (queue deleted or failed over): a new channel subscribes again.
      this.logger.warn(`The broker cancelled the consumer of ${this.options.queue}.`);
      void channel.close().catch(() => undefined);
      return;
    }
    acks.delivered(message);
    this.options.observer.messageConsumed(this.options.queue);
    const settled = sink.deliver(message).catch((error: unknown) => {
      this.logger.error(`Settling a message failed: ${describeError(error)}`);
    });
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  private onChannelClosed(channel: Channel, model: ChannelModel): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    this.consumerTag = undefined;
    // A closed connection resubscribes through onConnected; a channel closed on its own retries.
    if (this.stopping || this.connection.current() !== model) return;
    setTimeout(() => {
      if (this.connection.current() === model && !this.channel) void this.subscribe(model);
    }, RESUBSCRIBE_DELAY_MS).unref();
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.unsubscribe?.();
    const channel = this.channel;
    if (channel && this.consumerTag) await bounded(channel.cancel(this.consumerTag), 2_000);
    this.sink?.flush?.();
    if (!(await this.drained(graceMs))) {
      this.logger.warn(
        `${this.inFlight.size} message(s) of ${this.options.queue} still in flight after ${graceMs} ms; they go back to the queue.`,
      );
      this.options.onGraceExpired?.();
      await this.drained(ABORT_WIND_DOWN_MS);
    }
    this.channel = undefined;
    this.acks?.flush();
    if (channel) await bounded(channel.close(), 2_000);
  }

  private async drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.allSettled([...this.inFlight]).then(() => true);
    const result = await Promise.race([all, timeout]);
    clearTimeout(timer);
    return result;
  }
}

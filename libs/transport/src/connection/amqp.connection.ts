import { connect, type ChannelModel } from 'amqplib';
import { bounded } from './bounded.util';
import type {
  BlockedListener,
  BrokerConnection,
  ConnectedListener,
  TopologySetup,
} from './broker-connection.port';
import { ConnectionWaiters } from './connection-waiters.util';
import { corkWritesPerTurn } from './turn-corked-socket';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error';
import { defaultLogger, describeError, type TransportLogger } from './transport.logger';
import {
  DEFAULT_RECONNECT_BACKOFF,
  reconnectDelay,
  type ReconnectBackoff,
} from './reconnect-backoff.policy';

const CLOSE_TIMEOUT_MS = 3_000;

/** How to reach the broker and how to behave when it goes away. */
export interface AmqpConnectionOptions {
  readonly url: string;
  /** Shown in the management UI (`connection_name`): the service name. */
  readonly connectionName: string;
  /** Default 30. */
  readonly heartbeatSeconds?: number;
  /** Default 10,000. */
  readonly connectTimeoutMs?: number;
  readonly reconnect?: ReconnectBackoff;
  readonly logger?: TransportLogger;
}

/** Adds the heartbeat to an AMQP URL unless the URL already sets one. */
export function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (parsed.searchParams.has('heartbeat')) return url;
  parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}

/** One AMQP connection that reconnects with backoff and re-declares the topology each time. */
export class AmqpConnection implements BrokerConnection {
  private model: ChannelModel | undefined;
  private readonly setups: TopologySetup[] = [];
  private readonly listeners = new Set<ConnectedListener>();
  private readonly blockedListeners = new Set<BlockedListener>();
  /** Why the broker blocks this connection's publishing, while it does. */
  private blocked: string | undefined;
  private readonly waiters = new ConnectionWaiters(() => this.model);
  private readonly logger: TransportLogger;
  private started = false;
  private closing = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: AmqpConnectionOptions) {
    this.logger = options.logger ?? defaultLogger(`AmqpConnection(${options.connectionName})`);
  }

  /** Starts connecting in the background (idempotent); see `waitForConnection`. */
  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.loop = this.run();
  }

  /** True while a connection is open and its topology declared: the readiness probe. */
  isConnected(): boolean {
    return this.model !== undefined;
  }

  /** The open connection, if any. */
  current(): ChannelModel | undefined {
    return this.model;
  }

  /** Adds a topology step, run on every connection made from now on. */
  addSetup(setup: TopologySetup): void {
    this.setups.push(setup);
  }

  /** Subscribes to new connections; returns the unsubscribe function. */
  onConnected(listener: ConnectedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  blockedReason(): string | undefined {
    return this.blocked;
  }

  onBlocked(listener: BlockedListener): () => void {
    this.blockedListeners.add(listener);
    return () => this.blockedListeners.delete(listener);
  }

  /** The open connection, waiting for one up to `timeoutMs`; else BrokerUnavailableError. */
  waitForConnection(timeoutMs: number): Promise<ChannelModel> {
    if (this.model) return Promise.resolve(this.model);
    if (this.closing)
      return Promise.reject(new BrokerUnavailableError('The connection is closed.'));
    return this.waiters.wait(timeoutMs, `No connection to the broker within ${timeoutMs} ms.`);
  }

  /** Stops reconnecting and closes the connection (consumers should be stopped first). */
  async close(): Promise<void> {
    this.closing = true;
    this.wake?.();
    const model = this.model;
    this.model = undefined;
    this.waiters.wake();
    if (model) await bounded(model.close(), CLOSE_TIMEOUT_MS);
    await this.loop;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.closing) {
      const session = await this.tryConnect();
      if (session) {
        attempt = 0;
        await session.closed;
      }
      if (this.closing) return;
      await this.sleep(
        reconnectDelay(attempt++, this.options.reconnect ?? DEFAULT_RECONNECT_BACKOFF),
      );
    }
  }

  /** Connects and declares the topology; `closed` resolves when that connection ends. */
  private async tryConnect(): Promise<{ readonly closed: Promise<void> } | undefined> {
    let model: ChannelModel | undefined;
    try {
      model = await connect(withHeartbeat(this.options.url, this.options.heartbeatSeconds ?? 30), {
        clientProperties: { connection_name: this.options.connectionName },
        // Nagle's algorithm holds a small frame (a publish, an ack) until the previous one is
        // acknowledged, and the broker delays its TCP acks: up to 40 ms a hop, for nothing.
        noDelay: true,
        timeout: this.options.connectTimeoutMs ?? 10_000,
      });
      const opened = model;
      if (!corkWritesPerTurn(opened.connection))
        this.logger.warn('Cannot batch socket writes: amqplib no longer exposes its socket.');
      const closed = new Promise<void>((resolve) =>
        opened.once('close', () => {
          // A new connection starts unblocked; the broker tells it again if its alarm holds.
          this.setBlocked(undefined, false);
          resolve();
        }),
      );
      opened.on('error', (error: Error) => this.logger.warn(`Connection error: ${error.message}`));
      // RabbitMQ's memory and disk alarms: it stops reading the connection once it publishes.
      opened.on('blocked', (reason: string) => this.setBlocked(reason || 'an alarm'));
      opened.on('unblocked', () => this.setBlocked(undefined));
      await this.runSetups(opened);
      if (this.closing) {
        await opened.close().catch(() => undefined);
        return undefined;
      }
      this.adopt(opened, closed);
      return { closed };
    } catch (error) {
      // The URL says which user, host and vhost a refused login tried; the logger masks its password.
      this.logger.warn(
        `Cannot connect to the broker at ${this.options.url}: ${describeError(error)}`,
      );
      await model?.close().catch(() => undefined);
      return undefined;
    }
  }

  private adopt(model: ChannelModel, closed: Promise<void>): void {
    this.model = model;
    void closed.then(() => {
      if (this.model !== model) return;
      this.model = undefined;
      if (!this.closing) this.logger.warn('Connection to the broker lost; reconnecting.');
    });
    this.logger.log('Connected to the broker.');
    this.waiters.wake();
    for (const listener of this.listeners) {
      try {
        listener(model);
      } catch (error) {
        this.logger.error(`A connection listener failed: ${describeError(error)}`);
      }
    }
  }

  private setBlocked(reason: string | undefined, log = true): void {
    if (reason === this.blocked) return;
    this.blocked = reason;
    if (log && reason === undefined) this.logger.log('The broker accepts publishing again.');
    else if (log)
      this.logger.warn(
        `The broker blocks publishing (${reason}): nothing this connection sends is read until it lifts the block.`,
      );
    for (const listener of this.blockedListeners) {
      try {
        listener(reason);
      } catch (error) {
        this.logger.error(`A blocked-state listener failed: ${describeError(error)}`);
      }
    }
  }

  private async runSetups(model: ChannelModel): Promise<void> {
    if (this.setups.length === 0) return;
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    for (const setup of this.setups) await setup(channel);
    await channel.close();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

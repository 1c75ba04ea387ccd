import type { Channel, ConfirmChannel } from 'amqplib';

/**
 * The part of an AMQP channel the library uses. amqplib's channels have it, and so does the
 * in-process broker's, so everything above this line runs unchanged on either transport.
 */
export type BrokerChannel = Pick<
  Channel,
  | 'assertExchange'
  | 'assertQueue'
  | 'checkQueue'
  | 'bindQueue'
  | 'unbindQueue'
  | 'deleteQueue'
  | 'prefetch'
  | 'consume'
  | 'cancel'
  | 'get'
  | 'ack'
  | 'nack'
  | 'reject'
  | 'publish'
  | 'close'
> & {
  // EventEmitter's own signature ('error', 'close', 'return'), without amqplib's `this` type.

  on(event: string, listener: (...args: any[]) => void): unknown;
};

/** A channel in confirm mode: `publish` takes a callback called on the broker's ack or nack. */
export type BrokerConfirmChannel = BrokerChannel & Pick<ConfirmChannel, 'publish'>;

/** One open connection to a broker. */
export interface BrokerModel {
  createChannel(): Promise<BrokerChannel>;
  createConfirmChannel(): Promise<BrokerConfirmChannel>;
  close(): Promise<void>;
}

/** Declares (part of) the topology on a fresh channel; run after every (re)connect. */
export type TopologySetup = (channel: BrokerChannel) => Promise<void>;

/** Told about each new connection, after the topology was declared on it. */
export type ConnectedListener = (model: BrokerModel) => void;

/**
 * Told when the broker blocks the connection's publishing (its reason, e.g. `low on memory`) and
 * when it lifts the block (`undefined`); a lost connection lifts it too.
 */
export type BlockedListener = (reason: string | undefined) => void;

/** A service's link to its broker, kept open (and re-opened) for the life of the service. */
export interface BrokerConnection {
  /** Starts connecting in the background (idempotent). */
  start(): void;
  /** True while connected with the topology declared: the readiness probe. */
  isConnected(): boolean;
  /** The open connection, if any. */
  current(): BrokerModel | undefined;
  /** Adds a topology step, run on every connection made from now on. */
  addSetup(setup: TopologySetup): void;
  /** Subscribes to new connections; returns the unsubscribe function. */
  onConnected(listener: ConnectedListener): () => void;
  /**
   * Why the broker blocks publishing on this connection (a memory or disk alarm), or undefined.
   * A blocked connection is not read at all, acknowledgements included, until the block lifts.
   */
  blockedReason(): string | undefined;
  /** Subscribes to the broker blocking and unblocking; returns the unsubscribe function. */
  onBlocked(listener: BlockedListener): () => void;
  /** The open connection, waiting up to `timeoutMs`; else BrokerUnavailableError. */
  waitForConnection(timeoutMs: number): Promise<BrokerModel>;
  /** Stops reconnecting and closes the connection (consumers should be stopped first). */
  close(): Promise<void>;
}

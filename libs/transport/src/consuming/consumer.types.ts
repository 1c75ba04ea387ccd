/** What a handler decides for one message. */
export type HandlerOutcome =
  | { readonly kind: 'ack' }
  /** Transient: put back (bounded by the queue's x-delivery-limit). */
  | { readonly kind: 'requeue'; readonly reason: string }
  /** Give up: copy to the dead-letter exchange with the reason in headers, then ack. */
  | {
      readonly kind: 'dead-letter';
      readonly code: string;
      readonly reason: string;
      /** Recorded as x-jobmill-attempts; defaults to the message's delivery attempts. */
      readonly attempts?: number;
    };

/** The AMQP properties of a received message. */
export interface InboundProperties {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly deliveryMode?: number;
  readonly priority?: number;
  readonly correlationId?: string;
  readonly replyTo?: string;
  readonly expiration?: string;
  readonly messageId?: string;
  readonly timestamp?: number;
  readonly type?: string;
  readonly userId?: string;
  readonly appId?: string;
}

/** A received message as handlers see it (no channel: only transport touches the channel). */
export interface InboundMessage {
  readonly body: Buffer;
  readonly properties: InboundProperties;
  readonly routingKey: string;
  readonly exchange: string;
  readonly redelivered: boolean;
  /** Earlier deliveries of this message (quorum queues' x-delivery-count), when known. */
  readonly deliveryCount?: number;
}

/** One message at a time per delivery, up to `prefetch` concurrently. */
export interface ConsumeOptions {
  readonly queue: string;
  readonly prefetch: number;
  handler(message: InboundMessage): Promise<HandlerOutcome>;
  /** Called when `stop()` gives up waiting for in-flight handlers (e.g. to abort them). */
  readonly onGraceExpired?: () => void;
}

/**
 * Messages in batches of up to `maxBatch` envelopes (a batch message counts as the envelopes its
 * batch-size header says). A partial batch is handed over at once when no batch is being
 * handled; otherwise it fills while that one is handled, for at most `maxWaitMs`.
 */
export interface BatchConsumeOptions {
  readonly queue: string;
  readonly prefetch: number;
  readonly maxBatch: number;
  readonly maxWaitMs: number;
  /**
   * Deliveries that are usually followed at once by one that belongs in the same batch (a
   * window's job.started message, sent just before the outcomes of the same jobs), by routing
   * key. With no batch being handled, a batch ending in one waits up to `followerWaitMs` for
   * the next delivery instead of going at the end of this turn of the event loop.
   */
  readonly awaitsFollower?: (routingKey: string) => boolean;
  readonly followerWaitMs?: number;
  /** Returns one outcome per message, in order. */
  handler(messages: readonly InboundMessage[]): Promise<readonly HandlerOutcome[]>;
  readonly onGraceExpired?: () => void;
}

/** A running consumer. */
export interface Subscription {
  /** Cancels the consumer, waits for in-flight handlers up to `graceMs`, closes its channel. */
  stop(graceMs?: number): Promise<void>;
  /** Cancels the consumer, keeping the deliveries in flight; nothing more arrives until resumed. */
  pause(): Promise<void>;
  /** Consumes again after `pause`. */
  resume(): Promise<void>;
}

/** The outcome that acknowledges a message. */
export const ACK: HandlerOutcome = { kind: 'ack' };

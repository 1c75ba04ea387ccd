/**
 * Told about the transport's traffic, so a service can count it (its metrics implement this;
 * the transport must not depend on them). Called on hot paths: implementations stay cheap and
 * never throw.
 */
export interface TransportObserver {
  /** One message handed to the broker on `exchange` (a CloudEvents batch is one message). */
  messagePublished(exchange: string): void;
  /** The broker confirmed a message `seconds` after it was published. */
  publishConfirmed(exchange: string, seconds: number): void;
  /** One message delivered from `queue`. */
  messageConsumed(queue: string): void;
  /** The broker began (true) or stopped (false) blocking this service's publishing. */
  publishingBlocked(blocked: boolean): void;
}

/** The default: nobody listens. */
export const NO_TRANSPORT_OBSERVER: TransportObserver = {
  messagePublished: () => undefined,
  publishConfirmed: () => undefined,
  messageConsumed: () => undefined,
  publishingBlocked: () => undefined,
};

import type { Options } from 'amqplib';

/** One message to publish with a confirm. */
export interface PublishRequest {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish;
  /** Unroutable messages come back (basic.return) and the publish rejects with UNROUTABLE. */
  readonly mandatory?: boolean;
}

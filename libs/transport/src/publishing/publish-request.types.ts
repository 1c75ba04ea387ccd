import type { Options } from 'amqplib';

/** AMQP properties of a publish (amqplib's type, named here so that amqplib stays inside). */
export type PublishProperties = Options.Publish;

/** One message to publish with a confirm. */
export interface PublishRequest {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: PublishProperties;
  /** Unroutable messages come back (basic.return) and the publish rejects with UNROUTABLE. */
  readonly mandatory?: boolean;
}

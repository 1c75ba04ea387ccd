import type { ConsumeMessage, MessageProperties, Options } from 'amqplib';

/** A message as a queue of the in-process broker holds it. */
export interface StoredMessage {
  readonly content: Buffer;
  readonly properties: MessageProperties;
  /** The exchange and routing key it was published (or dead-lettered) with. */
  readonly exchange: string;
  readonly routingKey: string;
  /** Times it came back to the queue unacknowledged (a quorum queue's delivery count). */
  returns: number;
  redelivered: boolean;
  /** When it expires at the head of a queue with a message TTL. */
  expiresAt?: number;
}

/** The properties a consumer sees for publish options, as AMQP carries them. */
export function propertiesOf(options: Options.Publish = {}): MessageProperties {
  const persistent = options.persistent ?? options.deliveryMode === true;
  const deliveryMode = typeof options.deliveryMode === 'number' ? options.deliveryMode : undefined;
  return {
    contentType: options.contentType,
    contentEncoding: options.contentEncoding,
    // A deep copy: every queue (and every consumer) gets its own headers, as over the wire.
    headers: wireHeaders(options.headers),
    deliveryMode: deliveryMode ?? (persistent ? 2 : 1),
    priority: options.priority,
    correlationId: options.correlationId,
    replyTo: options.replyTo,
    expiration: options.expiration,
    messageId: options.messageId,
    timestamp: options.timestamp,
    type: options.type,
    userId: options.userId,
    appId: options.appId,
    clusterId: undefined,
  };
}

/** Headers as a consumer decodes them: a deep copy, without the undefined values amqplib skips. */
function wireHeaders(headers: Options.Publish['headers']): MessageProperties['headers'] {
  const defined = Object.entries((headers ?? {}) as Record<string, unknown>).filter(
    ([, value]) => value !== undefined,
  );
  return structuredClone(Object.fromEntries(defined));
}

/** A copy of a stored message for one queue. */
export function storedCopy(
  content: Buffer,
  properties: MessageProperties,
  exchange: string,
  routingKey: string,
): StoredMessage {
  return {
    content: Buffer.from(content),
    properties: { ...properties, headers: structuredClone(properties.headers ?? {}) },
    exchange,
    routingKey,
    returns: 0,
    redelivered: false,
  };
}

/** What a consumer receives: quorum queues add `x-delivery-count` once a message came back. */
export function deliveryOf(
  message: StoredMessage,
  deliveryTag: number,
  consumerTag: string,
  countsDeliveries: boolean,
): ConsumeMessage {
  const headers = { ...(message.properties.headers ?? {}) } as Record<string, unknown>;
  if (countsDeliveries && message.returns > 0) headers['x-delivery-count'] = message.returns;
  return {
    content: message.content,
    fields: {
      deliveryTag,
      redelivered: message.redelivered,
      exchange: message.exchange,
      routingKey: message.routingKey,
      consumerTag,
    },
    properties: { ...message.properties, headers: headers },
  };
}

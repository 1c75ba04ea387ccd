import type { ConsumeMessage } from 'amqplib';
import type { InboundMessage, InboundProperties } from './consumer.types';

/** Deliveries this message had before (quorum queues set x-delivery-count on redelivery). */
export function deliveryCountOf(
  headers: Readonly<Record<string, unknown>> | undefined,
): number | undefined {
  const count = headers?.['x-delivery-count'];
  return typeof count === 'number' ? count : undefined;
}

/** The handler's view of an amqplib delivery. */
export function toInboundMessage(message: ConsumeMessage): InboundMessage {
  const properties = message.properties as unknown as InboundProperties;
  const headers = (properties.headers ?? {}) as Record<string, unknown>;
  const deliveryCount = deliveryCountOf(headers);
  return {
    body: message.content,
    properties: { ...properties, headers },
    routingKey: message.fields.routingKey,
    exchange: message.fields.exchange,
    redelivered: message.fields.redelivered,
    ...(deliveryCount === undefined ? {} : { deliveryCount }),
  };
}

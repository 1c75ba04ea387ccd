import { AMQP_HEADERS } from '@jobmill/contracts';
import type { Message, Options } from 'amqplib';
import type { PublishRequest } from '../publishing/publish-request.types';
import { deliveryCountOf } from './inbound-message.mapper';

/** Longest reason kept in a header: headers share a 64 KiB table with everything else. */
const MAX_REASON = 2_000;

/**
 * The copy of a message sent to the dead-letter exchange: same body and properties, routing
 * key = the source queue, and why we gave up in x-jobmill-* headers.
 */
export function deadLetterCopy(
  message: Pick<Message, 'content' | 'properties'>,
  target: { readonly exchange: string; readonly queue: string },
  outcome: { readonly code: string; readonly reason: string; readonly attempts?: number },
): PublishRequest {
  const source = (message.properties.headers ?? {}) as Record<string, unknown>;
  const { 'x-delivery-count': _count, ...headers } = source;
  const p = message.properties as unknown as Record<string, unknown>;
  const properties: Options.Publish = {
    ...(pick(p) as Options.Publish),
    persistent: true,
    headers: {
      ...headers,
      [AMQP_HEADERS.deadLetterReason]: outcome.reason.slice(0, MAX_REASON),
      [AMQP_HEADERS.deadLetterCode]: outcome.code,
      [AMQP_HEADERS.deadLetterQueue]: target.queue,
      [AMQP_HEADERS.deadLetterAttempts]: outcome.attempts ?? (deliveryCountOf(source) ?? 0) + 1,
      // The copy is published as the platform: keep who published the original ('' for nobody).
      [AMQP_HEADERS.deadLetterUserId]: typeof p['userId'] === 'string' ? p['userId'] : '',
    },
  };
  return {
    exchange: target.exchange,
    routingKey: target.queue,
    content: message.content,
    properties,
  };
}

const COPIED = [
  'contentType',
  'contentEncoding',
  'priority',
  'correlationId',
  'replyTo',
  'messageId',
  'timestamp',
  'type',
  'appId',
] as const;

/** The properties worth keeping (not expiration: the copy must not expire in the DLQ). */
function pick(properties: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of COPIED) if (properties[key] !== undefined) kept[key] = properties[key];
  return kept;
}

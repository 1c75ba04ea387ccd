import { AMQP_HEADERS } from '@jobmill/contracts';
import type { InboundMessage } from '@jobmill/transport';
import type { TenantAuthorizer } from './tenant.authorizer';

type Headers = Readonly<Record<string, unknown>>;

/** A header's user name: '' means "published without user_id". */
const userIn = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The user whose authority a delivery carries. A platform user's republish (a requeue) names the
 * original publisher in x-jobmill-on-behalf-of and is judged as that user: a requeued command is
 * trusted no more than it was when fresh. Anyone else's header is ignored.
 */
export function actingUserOf(
  userId: string | undefined,
  headers: Headers,
  authorizer: TenantAuthorizer,
): string | undefined {
  if (!authorizer.isTrusted(userId)) return userId;
  const onBehalfOf = userIn(headers, AMQP_HEADERS.onBehalfOf);
  if (onBehalfOf === undefined) return userId;
  return onBehalfOf === '' ? undefined : onBehalfOf;
}

/**
 * The user whose authority a dead letter carries. The platform's own copies (user_id a
 * platform user) name the delivery's publisher in x-jobmill-user-id; a letter the broker
 * dead-lettered by itself kept its user_id; a letter without either is nobody's.
 */
export function letterActingUserOf(
  userId: string | undefined,
  headers: Headers,
  authorizer: TenantAuthorizer,
): string | undefined {
  const recorded = userIn(headers, AMQP_HEADERS.deadLetterUserId);
  if (!authorizer.isTrusted(userId) || recorded === undefined)
    return actingUserOf(userId, headers, authorizer);
  return actingUserOf(recorded === '' ? undefined : recorded, headers, authorizer);
}

/** The delivery as admission should see it: with its acting user as user_id. */
export function asActingUser(
  message: InboundMessage,
  authorizer: TenantAuthorizer | undefined,
): InboundMessage {
  if (!authorizer) return message;
  const { userId, headers } = message.properties;
  const acting = actingUserOf(userId, headers, authorizer);
  if (acting === userId) return message;
  const { userId: _publisher, ...properties } = message.properties;
  return {
    ...message,
    properties: acting === undefined ? properties : { ...properties, userId: acting },
  };
}

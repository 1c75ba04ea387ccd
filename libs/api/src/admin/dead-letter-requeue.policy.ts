import { parseEventType, type TopologyNames } from '@jobmill/contracts';
import {
  admitCommands,
  letterActingUserOf,
  type AdmissionPolicy,
  type CommandsAdmission,
} from '@jobmill/job-runtime/client';
import type { DeadLetter, InboundMessage } from '@jobmill/transport';

/** Why a dead letter was not requeued. */
export interface RequeueRefusal {
  readonly code: string;
  readonly reason: string;
}

/** Refusals about who published a message: a requeue cannot change who published it. */
const PUBLISHER_CODES: ReadonlySet<string> = new Set([
  'MISSING_USER_ID',
  'TENANT_FORBIDDEN',
  'UNTRUSTED_PUBLISHER',
]);

type Headers = Record<string, unknown>;

/** The letter as the consumer will see it once requeued: as its acting user's delivery. */
function asDelivery(letter: DeadLetter, actingUser: string | undefined): InboundMessage {
  const {
    headers,
    userId: _copier,
    ...properties
  } = letter.message.properties as unknown as {
    headers?: Headers;
    userId?: string;
  } & Record<string, unknown>;
  return {
    body: letter.message.content,
    properties: {
      ...properties,
      headers: headers ?? {},
      ...(actingUser === undefined ? {} : { userId: actingUser }),
    },
    routingKey: letter.view.sourceQueue ?? '',
    exchange: '',
    redelivered: false,
  };
}

/** The first refusal of an admission, whole delivery or member. */
function refusalOf(admitted: CommandsAdmission): RequeueRefusal | undefined {
  if (!admitted.ok) return { code: admitted.code, reason: admitted.reason };
  const refused = admitted.members.find((m) => !m.ok);
  return refused && !refused.ok ? { code: refused.code, reason: refused.reason } : undefined;
}

/**
 * Decides whether a dead letter may go back, judging it as the user who first published it
 * (never as the platform, which republishes it): a letter refused for who published it never
 * goes back, an event only if a platform user published it, a command only if the workers
 * would admit it now (size, content type, tenant of that user, contract).
 */
export function requeueRefusalOf(
  letter: DeadLetter,
  names: TopologyNames,
  policy: AdmissionPolicy,
): RequeueRefusal | undefined {
  const { code } = letter.view;
  if (code !== null && PUBLISHER_CODES.has(code))
    return {
      code,
      reason: `Dead-lettered as ${code}: refused for who published it, so only its publisher can send it again.`,
    };
  const authorizer = policy.authorizer;
  const acting = requeueActingUserOf(letter, policy);
  const isEvent = letter.view.type !== null && parseEventType(letter.view.type) !== undefined;
  if (letter.view.sourceQueue === names.statusQueue && isEvent)
    return !authorizer || authorizer.isTrusted(acting)
      ? undefined
      : {
          code: 'UNTRUSTED_PUBLISHER',
          reason: `Job events are accepted only from platform users, not '${acting ?? '(no user_id)'}'.`,
        };
  return refusalOf(admitCommands(asDelivery(letter, acting), policy));
}

/** The user a requeued letter acts for (named in its republished copy). */
export function requeueActingUserOf(
  letter: DeadLetter,
  policy: AdmissionPolicy,
): string | undefined {
  const properties = letter.message.properties as { userId?: string; headers?: Headers };
  return policy.authorizer
    ? letterActingUserOf(properties.userId, properties.headers ?? {}, policy.authorizer)
    : properties.userId;
}

import { AMQP_HEADERS, CLOUDEVENTS_CONTENT_TYPE } from '@jobmill/contracts';
import {
  ACK,
  deadLetterCopy,
  describeError,
  toCommandAmqpProperties,
  type HandlerOutcome,
  type InboundMessage,
  type PublishRequest,
} from '@jobmill/transport';
import type { CommandAdmission } from '../admission/command-admission.policy';

/** Why a member is dead-lettered: it gets its own copy in the dead-letter queue. */
export type MemberDeadLetter = Extract<HandlerOutcome, { kind: 'dead-letter' }>;

/**
 * Runs every command of a batch message and settles the message once: each member's outcome is
 * recorded on its own (a member to dead-letter gets a copy of its own there), and the message
 * is acked only when all are; if any member must go back (shutdown, a dead letter that could not
 * be written), the whole message is requeued and the inbox makes the members already decided
 * republish their outcome instead of running again.
 */
export async function settleBatch(
  members: readonly CommandAdmission[],
  run: (member: CommandAdmission) => Promise<HandlerOutcome>,
  deadLetter: (member: CommandAdmission, outcome: MemberDeadLetter) => Promise<void>,
): Promise<HandlerOutcome> {
  const outcomes = await Promise.all(
    members.map(async (member): Promise<HandlerOutcome> => {
      try {
        const outcome = await run(member);
        if (outcome.kind !== 'dead-letter') return outcome;
        await deadLetter(member, outcome);
        return ACK;
      } catch (error) {
        return {
          kind: 'requeue',
          reason: `a member could not be settled: ${describeError(error)}`,
        };
      }
    }),
  );
  return outcomes.find((o) => o.kind === 'requeue') ?? ACK;
}

/** A member's own dead-letter copy: its envelope as a structured message, the batch's properties. */
export function memberDeadLetterCopy(
  message: InboundMessage,
  member: CommandAdmission,
  target: { readonly exchange: string; readonly queue: string },
  outcome: MemberDeadLetter,
): PublishRequest {
  const body = member.ok ? member.command : member.body;
  const id = (body as { id?: unknown } | undefined)?.id;
  const { userId, replyTo } = message.properties;
  // A valid member looks as if it had been published alone; a malformed one keeps what it can.
  const properties = member.ok
    ? {
        ...toCommandAmqpProperties(member.command),
        ...(userId === undefined ? {} : { userId }),
        ...(replyTo === undefined ? {} : { replyTo }),
      }
    : {
        ...message.properties,
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        ...(typeof id === 'string' ? { messageId: id } : {}),
        headers: { ...message.properties.headers, ...salvagedHeaders(body) },
      };
  const content = Buffer.from(JSON.stringify(body ?? null), 'utf8');
  return deadLetterCopy(
    { content, properties } as Parameters<typeof deadLetterCopy>[0],
    target,
    outcome,
  );
}

/** The job id and tenant a refused member names, as headers, so the DLQ view can show them. */
function salvagedHeaders(body: unknown): Record<string, string> {
  const { subject, tenant } = (body ?? {}) as { subject?: unknown; tenant?: unknown };
  return {
    ...(typeof subject === 'string' ? { [AMQP_HEADERS.subject]: subject } : {}),
    ...(typeof tenant === 'string' ? { [AMQP_HEADERS.tenant]: tenant } : {}),
  };
}

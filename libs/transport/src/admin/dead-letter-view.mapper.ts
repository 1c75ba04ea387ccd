import { AMQP_HEADERS } from '@jobmill/contracts';
import type { GetMessage } from 'amqplib';

/** A dead-lettered message as an operator sees it. */
export interface DeadLetterView {
  readonly messageId: string | null;
  /** The queue it was dead-lettered from (where a requeue sends it back). */
  readonly sourceQueue: string | null;
  readonly code: string | null;
  readonly reason: string | null;
  readonly attempts: number | null;
  /** From the body when it is a CloudEvent naming a job: its subject, tenant and type. */
  readonly jobId: string | null;
  readonly tenant: string | null;
  readonly type: string | null;
  readonly size: number;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** The body's envelope fields, if the body is a JSON object. */
function envelopeOf(content: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(content.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Describes one message got from the dead-letter queue. */
export function deadLetterViewOf(
  message: Pick<GetMessage, 'content' | 'properties'>,
): DeadLetterView {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const body = envelopeOf(message.content);
  const attempts = Number(headers[AMQP_HEADERS.deadLetterAttempts]);
  return {
    messageId: text(message.properties.messageId),
    sourceQueue: text(headers[AMQP_HEADERS.deadLetterQueue]),
    code: text(headers[AMQP_HEADERS.deadLetterCode]),
    reason: text(headers[AMQP_HEADERS.deadLetterReason]),
    attempts: Number.isFinite(attempts) ? attempts : null,
    jobId: text(body['subject']),
    tenant: text(body['tenant']),
    type: text(body['type']),
    size: message.content.length,
  };
}

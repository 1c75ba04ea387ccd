import {
  AMQP_HEADERS,
  eventFor,
  newId,
  parseCommandType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import type { InboundProperties } from '../consuming/consumer.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= 200 ? value : undefined;

const matching = (value: unknown, pattern: RegExp): string | undefined => {
  const s = text(value);
  return s && pattern.test(s) ? s : undefined;
};

/** The first of `values` that is a usable string matching `pattern`. */
const first = (pattern: RegExp, ...values: unknown[]): string | undefined =>
  values.map((v) => matching(v, pattern)).find((v) => v !== undefined);

const ANY = /^/;

/** The job a refused delivery names: from its body when it has one, else its AMQP properties. */
function originOf(body: unknown, properties: InboundProperties): JobCommand | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const h = properties.headers;
  const subject = first(UUID, b['subject'], h[AMQP_HEADERS.subject]);
  if (!subject) return undefined;
  const attempt = typeof b['attempt'] === 'number' && b['attempt'] >= 1 ? b['attempt'] : 1;
  // eventFor reads only the envelope's ids, tenant, attempt and trace.
  return {
    id: first(ANY, b['id'], properties.messageId) ?? newId(),
    type: first(ANY, b['type'], properties.type) ?? '',
    subject,
    tenant: first(TENANT, b['tenant'], h[AMQP_HEADERS.tenant]) ?? 'unknown',
    attempt: Math.floor(attempt),
    correlationid: first(ANY, b['correlationid'], properties.correlationId) ?? subject,
  } as unknown as JobCommand;
}

/**
 * The `job.rejected` reply to a command that was refused, if it names its job (a uuid subject
 * in the body or the ce-subject header): the caller learns why without reading the DLQ.
 */
export function rejectedEventFor(
  body: unknown,
  properties: InboundProperties,
  failure: { readonly code: string; readonly reason: string },
  source: string,
): JobEvent<'rejected'> | undefined {
  const origin = originOf(body, properties);
  if (!origin) return undefined;
  const jobType = parseCommandType(origin.type)?.jobType ?? 'unknown';
  const error = {
    code: failure.code,
    message: failure.reason,
    kind: 'poison',
    retryable: false,
  } as const;
  return eventFor(origin, 'rejected', { jobType, error }, source);
}

import {
  AMQP_HEADERS,
  newId,
  TENANT_PATTERN,
  traceContextOf,
  traceFieldsOf,
  UUID_PATTERN,
  type JobCommand,
} from '@jobmill/contracts';
import type { InboundProperties } from '@jobmill/transport';

const ANY = /^/;

const attemptOf = (value: unknown): number =>
  typeof value === 'number' && value >= 1 ? Math.floor(value) : 1;

const matching = (value: unknown, pattern: RegExp): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= 200 && pattern.test(value)
    ? value
    : undefined;

/** The first of `values` that is a usable string matching `pattern`. */
const first = (pattern: RegExp, ...values: unknown[]): string | undefined =>
  values.map((v) => matching(v, pattern)).find((v) => v !== undefined);

/** What a refused or invalid delivery still says about its job; `tenant` only if well-formed. */
export type SalvagedOrigin = Omit<JobCommand, 'tenant'> & { readonly tenant: string | undefined };

/**
 * The envelope fields an event about a bad delivery needs, taken from its body and, when given,
 * its AMQP properties; undefined unless it names its job by a uuid subject. `eventFor` reads
 * only the ids, tenant, attempt and trace of what this returns.
 */
export function salvageOrigin(
  raw: unknown,
  properties?: InboundProperties,
): SalvagedOrigin | undefined {
  const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const p: Partial<InboundProperties> = properties ?? {};
  const h = p.headers ?? {};
  const subject = first(UUID_PATTERN, b['subject'], h[AMQP_HEADERS.subject]);
  if (!subject) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const trace = traceContextOf(text(b['traceparent']), text(b['tracestate']));
  return {
    id: first(ANY, b['id'], p.messageId) ?? newId(),
    type: first(ANY, b['type'], p.type) ?? '',
    subject,
    tenant: first(TENANT_PATTERN, b['tenant'], h[AMQP_HEADERS.tenant]),
    attempt: attemptOf(b['attempt']),
    correlationid: first(ANY, b['correlationid'], p.correlationId) ?? subject,
    ...traceFieldsOf(trace),
  } as unknown as SalvagedOrigin;
}

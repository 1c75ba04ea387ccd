import {
  eventFor,
  newId,
  parseCommandType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

const str = (value: unknown, max = 200): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

const matching = (value: unknown, pattern: RegExp): string | undefined => {
  const s = str(value);
  return s && pattern.test(s) ? s : undefined;
};

const attemptOf = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 1;

/** The envelope fields a job.failed needs, salvaged from an invalid body; undefined if none. */
function salvageOrigin(raw: unknown): JobCommand | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const body = raw as Record<string, unknown>;
  const subject = matching(body['subject'], UUID);
  const tenant = matching(body['tenant'], TENANT);
  if (!subject || !tenant) return undefined;
  const traceparent = matching(body['traceparent'], TRACEPARENT);
  // eventFor reads only the envelope's ids, tenant, attempt and trace.
  return {
    id: str(body['id']) ?? newId(),
    type: str(body['type']) ?? '',
    subject,
    tenant,
    attempt: attemptOf(body['attempt']),
    correlationid: str(body['correlationid']) ?? subject,
    ...(traceparent ? { traceparent } : {}),
  } as unknown as JobCommand;
}

/**
 * A `job.failed` (kind poison) for a message that failed validation, when its body still names
 * a job (uuid subject) and a tenant: without it the job would hang in QUEUED.
 */
export function poisonFailedEvent(
  raw: unknown,
  failure: { readonly code: string; readonly message: string },
  source: string,
): JobEvent<'failed'> | undefined {
  const origin = salvageOrigin(raw);
  if (!origin) return undefined;
  const jobType = parseCommandType(origin.type)?.jobType ?? 'unknown';
  const error = {
    code: failure.code,
    message: failure.message,
    kind: 'poison',
    retryable: false,
  } as const;
  return eventFor(origin, 'failed', { jobType, error }, source);
}

import { eventFor, parseCommandType, type JobCommand, type JobEvent } from '@jobmill/contracts';
import { salvageOrigin } from './salvaged-origin.mapper';

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
  // Without a tenant the event could not be routed or projected: nothing to tell.
  if (!origin?.tenant) return undefined;
  const jobType = parseCommandType(origin.type)?.jobType ?? 'unknown';
  const error = {
    code: failure.code,
    message: failure.message,
    kind: 'poison',
    retryable: false,
  } as const;
  return eventFor(origin as JobCommand, 'failed', { jobType, error }, source);
}

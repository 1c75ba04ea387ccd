import { eventFor, parseCommandType, type JobCommand, type JobEvent } from '@jobmill/contracts';
import type { InboundProperties } from '@jobmill/transport';
import { salvageOrigin } from './salvaged-origin.mapper';

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
  const salvaged = salvageOrigin(body, properties);
  if (!salvaged) return undefined;
  // A reply goes to reply_to, not through tenant routing: an unknown tenant is still answered.
  const origin = { ...salvaged, tenant: salvaged.tenant ?? 'unknown' } as JobCommand;
  const jobType = parseCommandType(origin.type)?.jobType ?? 'unknown';
  const error = {
    code: failure.code,
    message: failure.reason,
    kind: 'poison',
    retryable: false,
  } as const;
  return eventFor(origin, 'rejected', { jobType, error }, source);
}

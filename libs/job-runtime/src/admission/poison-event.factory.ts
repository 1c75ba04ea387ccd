import {
  derivedId,
  eventFor,
  isBatchContentType,
  parseCommandType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import type { InboundMessage, InboundProperties } from '@jobmill/transport';
import type { AdmissionPolicy, CommandRefusal } from './command-admission.policy';
import { salvageOrigin } from './salvaged-origin.mapper';

/**
 * A `job.failed` (kind poison) for a message that failed validation, when its body (or, given
 * them, its properties) still names a job (uuid subject) and a tenant: without it the job would
 * hang in QUEUED. Its id derives from the command's and the code, so the worker and the status
 * service, each refusing its copy, describe one failure.
 */
export function poisonFailedEvent(
  raw: unknown,
  failure: { readonly code: string; readonly message: string },
  source: string,
  properties?: InboundProperties,
): JobEvent<'failed'> | undefined {
  const origin = salvageOrigin(raw, properties);
  // Without a tenant the event could not be routed or projected: nothing to tell.
  if (!origin?.tenant) return undefined;
  const jobType = parseCommandType(origin.type)?.jobType ?? 'unknown';
  const error = {
    code: failure.code,
    message: failure.message,
    kind: 'poison',
    retryable: false,
  } as const;
  const event = eventFor(origin as JobCommand, 'failed', { jobType, error }, source);
  return { ...event, id: derivedId(origin.id, origin.subject, failure.code, 'failed') };
}

/**
 * The `job.failed` that records a refusal, when the refused command names its job and a tenant
 * its publisher may act for (whatever the refusal checked before it was refused).
 */
export function refusalFailedEvent(
  message: InboundMessage,
  refusal: CommandRefusal,
  policy: AdmissionPolicy | undefined,
  source: string,
): JobEvent<'failed'> | undefined {
  if (!refusal.authorized) return undefined;
  // A batch's headers describe no member: only a single command's may name its job.
  const properties = isBatchContentType(message.properties.contentType)
    ? undefined
    : message.properties;
  const failure = { code: refusal.code, message: refusal.reason };
  const event = poisonFailedEvent(refusal.body, failure, source, properties);
  if (!event || policy?.authorizer?.refusal(message.properties.userId, event.tenant))
    return undefined;
  return event;
}

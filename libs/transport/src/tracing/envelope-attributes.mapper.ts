import type { Attributes } from '@opentelemetry/api';
import { parseCommandType, type CloudEvent } from '@jobmill/contracts';
import { JOB_ATTRIBUTES } from './trace-attributes';

/** A command's job type is in its CloudEvents type, an event's in its data. */
function jobTypeOf(envelope: CloudEvent): string | undefined {
  const fromType = parseCommandType(envelope.type)?.jobType;
  if (fromType) return fromType;
  const data = envelope.data as { readonly jobType?: unknown } | undefined;
  return typeof data?.jobType === 'string' ? data.jobType : undefined;
}

/** The job attributes of a span about one envelope (command or event). */
export function jobAttributesOf(envelope: CloudEvent): Attributes {
  const jobType = jobTypeOf(envelope);
  return {
    [JOB_ATTRIBUTES.id]: envelope.subject,
    [JOB_ATTRIBUTES.tenant]: envelope.tenant,
    [JOB_ATTRIBUTES.attempt]: envelope.attempt,
    [JOB_ATTRIBUTES.messageType]: envelope.type,
    ...(jobType ? { [JOB_ATTRIBUTES.type]: jobType } : {}),
  };
}

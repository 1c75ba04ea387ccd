import { TENANT_PATTERN } from '../envelope/id-patterns';

/** Identifiers: a job, message or upload id is a UUID; a tenant is a slug (no dots). */
export const uuidSchema = { type: 'string', format: 'uuid' } as const;

export const tenantSchema = {
  type: 'string',
  pattern: TENANT_PATTERN.source,
  description: 'Tenant slug; never contains a dot, so it can be a routing-key word.',
} as const;

/** A job's error as recorded in the read model and carried by `job.failed` / `job.retrying`. */
export const jobErrorSchema = {
  type: 'object',
  required: ['code', 'message', 'kind', 'retryable'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', description: 'Stable machine-readable code, e.g. MALFORMED_WAV.' },
    message: { type: 'string' },
    kind: {
      type: 'string',
      enum: ['transient', 'permanent', 'poison', 'internal', 'timeout', 'cancelled'],
    },
    retryable: { type: 'boolean' },
    stack: { type: 'string' },
  },
} as const;

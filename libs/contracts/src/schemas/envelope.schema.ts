import {
  TRACEPARENT_PATTERN,
  TRACESTATE_MAX_LENGTH,
  TRACESTATE_PATTERN,
} from '../envelope/id-patterns';
import { tenantSchema, uuidSchema } from './common.schema';

/** JSON Schema of the CloudEvents envelope (data is checked per type, separately). */
export const cloudEventSchema = {
  type: 'object',
  required: [
    'specversion',
    'id',
    'type',
    'source',
    'time',
    'subject',
    'datacontenttype',
    'data',
    'tenant',
    'attempt',
    'correlationid',
  ],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', minLength: 1, maxLength: 200 },
    source: { type: 'string', minLength: 1, maxLength: 500 },
    time: { type: 'string', format: 'date-time' },
    subject: uuidSchema,
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
    tenant: tenantSchema,
    attempt: { type: 'integer', minimum: 1, maximum: 1000 },
    correlationid: { type: 'string', minLength: 1, maxLength: 200 },
    causationid: { type: 'string', maxLength: 200 },
    traceparent: { type: 'string', pattern: TRACEPARENT_PATTERN.source },
    tracestate: {
      type: 'string',
      maxLength: TRACESTATE_MAX_LENGTH,
      pattern: TRACESTATE_PATTERN.source,
    },
  },
  // A tracestate qualifies the traceparent beside it: alone it names no trace, and would be lost.
  dependencies: { tracestate: ['traceparent'] },
} as const;

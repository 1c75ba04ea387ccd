import { jobErrorSchema } from './common.schema';

const jobType = { type: 'string' } as const;
const base = (properties: Record<string, object>, required: string[]) =>
  ({
    type: 'object',
    required: ['jobType', ...required],
    additionalProperties: false,
    properties: { jobType, ...properties },
  }) as const;

/** Data schema of each job event, keyed by event name. */
export const jobEventDataSchemas = {
  queued: base({ input: { type: 'object' } }, []),
  started: base({ worker: { type: 'string' } }, ['worker']),
  progress: base({ progress: { type: 'number', minimum: 0, maximum: 1 } }, ['progress']),
  retrying: base(
    { error: jobErrorSchema, nextAttemptAt: { type: 'string', format: 'date-time' } },
    ['error', 'nextAttemptAt'],
  ),
  succeeded: base({ result: { type: 'object' } }, ['result']),
  failed: base({ error: jobErrorSchema }, ['error']),
  cancelled: base({ reason: { type: 'string' } }, []),
  rejected: base({ error: jobErrorSchema }, ['error']),
} as const;

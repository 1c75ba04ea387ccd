import { MAX_PIPELINE_THEN } from '../pipelines/pipeline-feeds';
import { retentionSchema } from './retention.schema';

/** The longest callbackUrl accepted. */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** Job-level options accepted with any job type (REST body and command data alike). */
export const jobOptionsProperties = {
  maxAttempts: {
    type: 'integer',
    minimum: 1,
    maximum: 20,
    description: 'Attempts before the job fails (default per type).',
  },
  priority: {
    type: 'string',
    enum: ['high', 'normal', 'low'],
    description:
      'Which waiting jobs start first: high, then normal (the default), then low. A command published over AMQP with a priority other than normal goes with routing key `<jobType>.<priority>`.',
  },
  retention: retentionSchema,
  callbackUrl: {
    type: 'string',
    format: 'uri',
    maxLength: MAX_CALLBACK_URL_LENGTH,
    description:
      'Webhook: on each terminal state the job (as GET /v1/jobs/:id shows it) is POSTed here, ' +
      "signed with the tenant's secret (Jobmill-Signature header). https, or http for a host in " +
      'WEBHOOK_ALLOWED_HOSTS; no credentials in the URL.',
  },
} as const;

/** When a submission runs: later, at a time or after a delay (REST only: not command data). */
export const jobTimingProperties = {
  runAt: {
    type: 'string',
    format: 'date-time',
    description:
      'Run at this time (ISO 8601 with offset); PENDING until then, then starts within about a second. At most a year ahead.',
  },
  delayMs: {
    type: 'integer',
    minimum: 0,
    maximum: 31_536_000_000,
    description: 'Run this many milliseconds from now (at most a year); the alternative to runAt.',
  },
} as const;

/** One step of a pipeline after the first job: its type and its own input (options). */
export const pipelineStepSchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', description: 'Job type of the step, e.g. processing.clips' },
    input: {
      type: 'object',
      description:
        "The step's own input, e.g. { options: {...} }; what the previous step feeds it " +
        '(e.g. uploadId and segments after detection.vad) may not be given here.',
    },
  },
} as const;

/** `then`: the steps that follow the submitted job, each fed by the one before it (REST only). */
export const pipelineThenProperty = {
  then: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_PIPELINE_THEN,
    items: pipelineStepSchema,
    description:
      'Run these job types after this one, in order, each only once the one before it ' +
      'SUCCEEDED and with its output as input. The answer is a parent job of type "pipeline" ' +
      'whose steps list each step.',
  },
} as const;

/** Body of `POST /v1/jobs`, before its `input` is checked against the job type's schema. */
export const jobSubmissionSchema = {
  type: 'object',
  required: ['type', 'input'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', description: 'Job type, e.g. detection.vad' },
    input: { type: 'object' },
    ...jobOptionsProperties,
    dedupKey: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'While a job of the tenant with this key is unfinished, submitting again answers that job (200) instead of creating another.',
    },
    ...jobTimingProperties,
    ...pipelineThenProperty,
  },
} as const;

/** The data of every command: the job's input plus job-level options. */
export const commandDataSchema = (inputSchema: object) =>
  ({
    type: 'object',
    required: ['input'],
    additionalProperties: false,
    properties: { input: inputSchema, ...jobOptionsProperties },
  }) as const;

import { JOB_STATES } from '@jobmill/contracts';

const dateTime = { type: 'string', format: 'date-time' } as const;
// OpenAPI 3.0 (what Nest's swagger writes): `nullable`, not a type list.
const nullableDateTime = { type: 'string', format: 'date-time', nullable: true } as const;

/** The OpenAPI schema of a job as `GET /v1/jobs/:id`, lists and submissions answer it. */
export const jobResourceSchema = {
  type: 'object',
  required: ['id', 'type', 'status', 'attempt', 'progress', 'createdAt', 'expiresAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', description: 'Job type, e.g. detection.vad' },
    status: { type: 'string', enum: [...JOB_STATES] },
    attempt: { type: 'integer', minimum: 1 },
    maxAttempts: { type: 'integer', nullable: true },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    input: { type: 'object', nullable: true },
    result: { type: 'object', nullable: true },
    error: { allOf: [{ $ref: '#/components/schemas/JobError' }], nullable: true },
    createdAt: dateTime,
    updatedAt: dateTime,
    startedAt: nullableDateTime,
    finishedAt: nullableDateTime,
    nextAttemptAt: nullableDateTime,
    retention: {
      type: 'string',
      nullable: true,
      description: 'The retention the job was submitted with, e.g. "1h"; null: JOB_RETENTION.',
    },
    expiresAt: {
      ...nullableDateTime,
      description:
        'When the finished job, its history and its output are deleted (finishedAt + retention, ' +
        'at most JOB_RETENTION); null while the job is unfinished. Afterwards the job is a 404.',
    },
    stalled: { type: 'boolean' },
    steps: {
      type: 'array',
      description:
        'Only on a pipeline (type "pipeline", submitted with `then`): its steps in order, each ' +
        'an ordinary job. The pipeline is RUNNING while one runs, SUCCEEDED with the last ' +
        "one's result (and output), FAILED naming the failed step (retry resumes from it), " +
        'CANCELLED with the steps that had not finished.',
      items: {
        type: 'object',
        required: ['step', 'type', 'jobId', 'status', 'attempt'],
        properties: {
          step: { type: 'integer', minimum: 1 },
          type: { type: 'string' },
          jobId: { type: 'string', format: 'uuid' },
          status: { type: 'string', enum: [...JOB_STATES] },
          attempt: { type: 'integer', minimum: 1 },
        },
      },
    },
    pipeline: {
      type: 'object',
      description: "Only on a pipeline's step: the pipeline (parent job) and its place in it.",
      required: ['id', 'step'],
      properties: { id: { type: 'string', format: 'uuid' }, step: { type: 'integer', minimum: 1 } },
    },
    links: { type: 'object' },
  },
} as const;

import { jobOptionsProperties, jobSubmissionSchema } from '@jobmill/contracts';
import { ProblemError } from '../problems/problem.error';

/** Body of `POST /v1/schedules`, for the OpenAPI document. */
export const createScheduleSchema = {
  type: 'object',
  required: ['cron', 'job'],
  additionalProperties: false,
  properties: {
    cron: {
      type: 'string',
      description:
        '5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. "0 9 * * 1-5" or "*/10 * * * * *"',
    },
    timezone: {
      type: 'string',
      description: 'IANA time zone the fields are read in, e.g. Europe/Paris (default UTC)',
    },
    job: {
      type: 'object',
      required: ['type', 'input'],
      additionalProperties: false,
      description: 'The job each tick submits: a submission without runAt or delayMs',
      properties: {
        type: jobSubmissionSchema.properties.type,
        input: jobSubmissionSchema.properties.input,
        ...jobOptionsProperties,
      },
    },
  },
} as const;

/** A `POST /v1/schedules` body whose shape was checked (the job is checked by the contracts). */
export interface ScheduleRequest {
  readonly cron: string;
  readonly timezone?: string;
  readonly job: unknown;
}

const KNOWN = new Set(['cron', 'timezone', 'job']);

const bad = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_SCHEDULE', 'Invalid schedule', message, [{ path, message }]);

/** Checks the envelope of a schedule request: a 400 naming the first offending field. */
export function parseScheduleRequest(body: unknown): ScheduleRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad('', 'The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !KNOWN.has(k));
  if (unknown !== undefined) throw bad(`/${unknown}`, `unknown property '${unknown}'`);
  checkFields(b);
  return {
    cron: (b['cron'] as string).trim(),
    ...(typeof b['timezone'] === 'string' ? { timezone: b['timezone'] } : {}),
    job: b['job'],
  };
}

function checkFields(b: Record<string, unknown>): void {
  if (typeof b['cron'] !== 'string' || b['cron'].trim() === '')
    throw bad('/cron', 'cron must be a cron expression (5 fields, or 6 with seconds first).');
  if (b['timezone'] !== undefined && typeof b['timezone'] !== 'string')
    throw bad('/timezone', 'timezone must be an IANA time zone name.');
  if (typeof b['job'] !== 'object' || b['job'] === null)
    throw bad('/job', 'job must be a job submission: { type, input, ... }.');
  const job = b['job'] as Record<string, unknown>;
  for (const timing of ['runAt', 'delayMs', 'dedupKey'])
    if (timing in job)
      throw bad(
        `/job/${timing}`,
        `A scheduled job takes no ${timing}: the cron says when each run starts.`,
      );
}

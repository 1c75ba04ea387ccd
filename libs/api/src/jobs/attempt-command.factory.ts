import {
  createCommand,
  DEFAULT_PRIORITY,
  type JobCommand,
  type JobPriority,
  type JobType,
  type TraceContext,
  traceFieldsOf,
} from '@jobmill/contracts';

/** The command data's ceiling on maxAttempts (contracts). */
const MAX_ATTEMPTS_CEILING = 20;

/** One attempt of a recorded job, as the API issues (or reissues) its command. */
export interface RecordedAttempt {
  readonly jobId: string;
  readonly tenant: string;
  readonly type: JobType;
  readonly input: Record<string, unknown>;
  readonly maxAttempts: number | null;
  /** The job's priority: the command goes to its lane. */
  readonly priority: JobPriority;
  readonly attempt: number;
  /** The command's id when it was chosen before (a republish is a copy, not a new command). */
  readonly messageId?: string | null;
  /** CloudEvents `source`. */
  readonly source: string;
  /** The trace context recorded with the job: the command continues its submitter's trace. */
  readonly trace?: TraceContext;
}

/**
 * The command of one attempt of a recorded job: the first as submitted; a later one is a manual
 * retry, which is one attempt (maxAttempts = its attempt): its retryable failures are not
 * retried automatically.
 */
export function attemptCommand(job: RecordedAttempt): JobCommand {
  const maxAttempts =
    job.attempt > 1 ? Math.min(MAX_ATTEMPTS_CEILING, job.attempt) : job.maxAttempts;
  const command = createCommand({
    jobId: job.jobId,
    jobType: job.type,
    tenant: job.tenant,
    source: job.source,
    data: {
      input: job.input,
      ...(maxAttempts === null ? {} : { maxAttempts }),
      // Normal is left out, as a submission without a priority has it.
      ...(job.priority === DEFAULT_PRIORITY ? {} : { priority: job.priority }),
    },
    ...(job.messageId ? { id: job.messageId } : {}),
    ...traceFieldsOf(job.trace),
  });
  return { ...command, attempt: job.attempt };
}

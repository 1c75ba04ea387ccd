import {
  formatRetention,
  priorityOf,
  type JobError,
  type JobPriority,
  type JobState,
} from '@jobmill/contracts';

/** A job as the read model shows it; timestamps are ISO-8601 strings. */
export interface JobView {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly status: JobState;
  readonly attempt: number;
  readonly maxAttempts: number | null;
  readonly progress: number;
  /** Null only while a job created by its events still waits for its command's copy. */
  readonly input: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
  readonly error: JobError | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly nextAttemptAt: string | null;
  /** The submission's dedupKey: no other unfinished job of the tenant has it. */
  readonly dedupKey: string | null;
  /** Which waiting jobs start first: high, normal (the default) or low. */
  readonly priority: JobPriority;
  /** The retention the job was submitted with (e.g. "1h"); null: the platform's JOB_RETENTION. */
  readonly retention: string | null;
  /** When the finished job, its history and its output are deleted; null while unfinished. */
  readonly expiresAt: string | null;
  /** When a delayed job (PENDING until then) is due; null for a job submitted to run at once. */
  readonly runAt: string | null;
  /** The schedule whose tick made this job, if one did. */
  readonly scheduleId: string | null;
  /** Where each terminal state is POSTed (a signed webhook), if anywhere. */
  readonly callbackUrl: string | null;
  /** RUNNING, but the worker's lease lapsed: it vanished, and redelivery has not picked it up yet. */
  readonly stalled: boolean;
  /** The pipeline (parent job) this job is a step of, if any. */
  readonly pipelineId: string | null;
  /** Its place in that pipeline, from 1; null outside pipelines. */
  readonly step: number | null;
  /** A pipeline's steps in order (only where the query selected PIPELINE_STEPS_COLUMN). */
  readonly steps?: readonly PipelineStepView[];
}

/** One step of a pipeline as its parent job lists it. */
export interface PipelineStepView {
  /** Its place in the pipeline, from 1. */
  readonly step: number;
  readonly type: string;
  readonly jobId: string;
  readonly status: JobState;
  readonly attempt: number;
}

/** A `jobs` row as node-postgres returns it. */
export interface JobRow {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly status: JobState;
  readonly attempt: number;
  readonly max_attempts: number | null;
  readonly progress: number;
  readonly input: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
  readonly error: JobError | null;
  readonly request_hash: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly started_at: Date | null;
  readonly finished_at: Date | null;
  readonly next_attempt_at: Date | null;
  readonly dedup_key: string | null;
  readonly priority: string | null;
  /** bigint: node-postgres returns it as a string. */
  readonly retention_ms: string | number | null;
  readonly expires_at: Date | null;
  readonly run_at: Date | null;
  readonly schedule_id: string | null;
  readonly callback_url: string | null;
  /** Only where the query selected STALLED_COLUMN. */
  readonly stalled?: boolean;
  readonly pipeline_id: string | null;
  readonly step_index: number | null;
  /** Only where the query selected PIPELINE_STEPS_COLUMN; null for other jobs. */
  readonly steps?: readonly PipelineStepView[] | null;
}

/** The columns a JobView needs, for SELECT and RETURNING lists. */
export const JOB_COLUMNS =
  'id, tenant, type, status, attempt, max_attempts, progress, input, result, error, request_hash, ' +
  'created_at, updated_at, started_at, finished_at, next_attempt_at, dedup_key, priority, ' +
  'retention_ms, expires_at, run_at, schedule_id, callback_url, pipeline_id, step_index';

/** A select-list entry computing `stalled` from the job's lease in job_runs (lease expiry). */
export const STALLED_COLUMN = `(status = 'RUNNING' AND EXISTS (
  SELECT 1 FROM job_runs r WHERE r.job_id = jobs.id AND r.outcome IS NULL
    AND r.lease_until IS NOT NULL AND r.lease_until < now())) AS stalled`;

/** A select-list entry listing a pipeline's steps (null for any other job). */
export const PIPELINE_STEPS_COLUMN = `(CASE WHEN type = 'pipeline' THEN (
  SELECT json_agg(json_build_object('step', s.step_index + 1, 'type', s.type, 'jobId', s.id,
    'status', s.status, 'attempt', s.attempt) ORDER BY s.step_index)
  FROM jobs s WHERE s.pipeline_id = jobs.id) END) AS steps`;

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** Maps a row to its view. */
export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    tenant: row.tenant,
    type: row.type,
    status: row.status,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    progress: Number(row.progress),
    input: row.input,
    result: row.result,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    nextAttemptAt: iso(row.next_attempt_at),
    dedupKey: row.dedup_key,
    priority: priorityOf({ priority: row.priority }),
    retention: row.retention_ms == null ? null : formatRetention(Number(row.retention_ms)),
    expiresAt: iso(row.expires_at),
    runAt: iso(row.run_at),
    scheduleId: row.schedule_id,
    callbackUrl: row.callback_url ?? null,
    stalled: row.stalled === true,
    pipelineId: row.pipeline_id ?? null,
    step: row.step_index == null ? null : row.step_index + 1,
    ...(row.steps ? { steps: row.steps } : {}),
  };
}

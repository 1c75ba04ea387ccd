import type { JobError, JobPriority, JobState } from '@jobmill/contracts';

/** One job's net change from one batch: what the upsert proposes; SQL merges it with the row. */
export interface JobPatch {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  /** QUEUED only when the batch held nothing but the command's copy: then it never moves a row. */
  readonly status: JobState;
  readonly attempt: number;
  readonly maxAttempts: number | null;
  /** Known from the first attempt's command only (null from events alone). */
  readonly priority: JobPriority | null;
  /** The command's own retention in ms (null: the default); the row keeps the first one. */
  readonly retentionMs: number | null;
  /** From the first attempt's command, like input and maxAttempts. */
  readonly callbackUrl: string | null;
  readonly progress: number;
  readonly input: Record<string, unknown> | null;
  readonly result: Record<string, unknown> | null;
  readonly error: JobError | null;
  /** The attempt whose event reported `error`: a newer error wins, whatever the arrival order. */
  readonly errorAttempt: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly nextAttemptAt: string | null;
  readonly worker: string | null;
  readonly lastEventAt: string;
}

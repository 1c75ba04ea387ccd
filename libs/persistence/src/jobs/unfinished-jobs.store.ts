import type { DataSource } from 'typeorm';
import { priorityOf, type JobPriority } from '@jobmill/contracts';
import { runSql } from '../shared/run-sql';

/** A job that had not ended when its process stopped, with the attempt to run next. */
export interface UnfinishedJob {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly maxAttempts: number | null;
  /** The job's priority: its command goes to its lane again. */
  readonly priority: JobPriority;
  /** The attempt to issue: a RETRYING job's next one, never one the inbox already retried. */
  readonly attempt: number;
}

interface Row {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly max_attempts: number | null;
  readonly priority: string | null;
  readonly attempt: number;
  readonly created_at: Date;
}

const UNFINISHED = `
  SELECT j.id, j.tenant, j.type, j.input, j.max_attempts, j.priority, j.created_at,
    GREATEST(j.attempt + CASE WHEN j.status = 'RETRYING' THEN 1 ELSE 0 END,
             COALESCE(r.retried_attempt, 0) + 1) AS attempt
  FROM jobs j LEFT JOIN job_runs r ON r.job_id = j.id
  WHERE j.status IN ('QUEUED', 'RUNNING', 'RETRYING') AND j.input IS NOT NULL
    AND j.type <> 'pipeline'
    AND (j.created_at, j.id) > ($1::timestamptz, $2::uuid)
  ORDER BY j.created_at, j.id
  LIMIT $3`;

// A job that was running is back in the queue: its progress and start belong to a run that is gone.
const REQUEUE_RUNNING = `
  UPDATE jobs SET status = 'QUEUED', progress = 0, started_at = NULL, worker = NULL,
    updated_at = now()
  WHERE status = 'RUNNING' AND input IS NOT NULL AND type <> 'pipeline'`;

const LAPSE_LEASES = `
  UPDATE job_runs SET lease_until = NULL, updated_at = now()
  WHERE outcome IS NULL AND lease_until IS NOT NULL`;

/**
 * What a restarted single-process platform needs to pick its work up again: the read model
 * knows every job that has not ended, and the inbox its leases.
 */
export class UnfinishedJobsStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ends every lease: only for a process that owns the database alone (embedded mode locks its
   * data folder), where any lease left is from a process that is gone.
   */
  async lapseAllLeases(): Promise<number> {
    return (await runSql(this.dataSource, LAPSE_LEASES)).affected;
  }

  /**
   * Shows every RUNNING job as QUEUED again, progress 0 and not started: only for a process that
   * owns the database alone, whose runs all died with the one before it. Returns how many.
   */
  async requeueRunning(): Promise<number> {
    return (await runSql(this.dataSource, REQUEUE_RUNNING)).affected;
  }

  /** Every unfinished job, oldest first, in pages of `pageSize`. */
  async *list(pageSize = 500): AsyncGenerator<UnfinishedJob[]> {
    let after: { createdAt: Date; id: string } = {
      createdAt: new Date(0),
      id: '00000000-0000-0000-0000-000000000000',
    };
    for (;;) {
      const { rows } = await runSql<Row>(this.dataSource, UNFINISHED, [
        after.createdAt,
        after.id,
        pageSize,
      ]);
      if (rows.length > 0) yield rows.map(toUnfinished);
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = { createdAt: last.created_at, id: last.id };
    }
  }
}

const toUnfinished = (row: Row): UnfinishedJob => ({
  id: row.id,
  tenant: row.tenant,
  type: row.type,
  input: row.input,
  maxAttempts: row.max_attempts,
  priority: priorityOf(row),
  attempt: Number(row.attempt),
});

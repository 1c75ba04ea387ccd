import { priorityOf, type JobEvent, type JobPriority } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import { DEDUP_HOLDING_STATES } from '../migrations/job-dedup-keys.migration';

/** A FAILED job made QUEUED again for a new attempt, with what it takes to undo that. */
export type Reopened =
  | {
      readonly reopened: true;
      readonly jobId: string;
      readonly type: string;
      readonly input: Record<string, unknown>;
      /** The job's priority: the retry waits in its lane. */
      readonly priority: JobPriority;
      readonly previousAttempt: number;
      readonly attempt: number;
      readonly previousOutcome: JobEvent | null;
    }
  | {
      readonly reopened: false;
      readonly status: string | null;
      /** The unfinished job that holds this job's dedup key: it cannot be reopened meanwhile. */
      readonly dedupKeyHeldBy?: string;
    };

interface LockedJob {
  readonly status: string;
  readonly attempt: number;
  readonly type: string;
  readonly input: Record<string, unknown> | null;
  readonly priority: string | null;
}

const LOCK_JOB =
  'SELECT status, attempt, type, input, priority FROM jobs WHERE id = $1 AND tenant = $2 FOR UPDATE';

const FORGET_OUTCOME = `
  UPDATE job_runs r SET outcome = NULL, outcome_event = NULL, started_id = NULL,
    started_at = NULL, decided_at = NULL, lease_until = NULL,
    retried_attempt = GREATEST(r.retried_attempt, $2), updated_at = now()
  FROM (SELECT outcome_event FROM job_runs WHERE job_id = $1 FOR UPDATE) old
  WHERE r.job_id = $1 AND (r.outcome IS NULL OR r.outcome = 'failed')
  RETURNING old.outcome_event`;

const REQUEUE_JOB = `
  UPDATE jobs SET status = 'QUEUED', attempt = $2, progress = 0, result = NULL,
    finished_at = NULL, expires_at = NULL, next_attempt_at = NULL, updated_at = now()
  WHERE id = $1`;

// The outbox row of the new attempt's command: if the API dies before the broker confirms it,
// the sweeper republishes this very command (attempt and id).
const RECORD_UNCONFIRMED = `
  INSERT INTO unconfirmed_commands (job_id, attempt, message_id) VALUES ($1, $2, $3)
  ON CONFLICT (job_id) DO UPDATE SET attempt = EXCLUDED.attempt,
    message_id = EXCLUDED.message_id, recorded_at = now(), claimed_at = NULL, claims = 0`;

// Back to QUEUED, a job takes its dedup key again: not while another unfinished job holds it.
const DEDUP_KEY_INDEX = 'jobs_tenant_dedup_key_uq';

const DEDUP_HOLDER = `
  SELECT h.id FROM jobs j JOIN jobs h ON h.tenant = j.tenant AND h.dedup_key = j.dedup_key
  WHERE j.id = $1 AND h.id <> j.id AND h.status IN ${DEDUP_HOLDING_STATES}`;

// Only a command no sweeper has claimed is withdrawn: a claimed one may be on the broker.
const WITHDRAW_UNCONFIRMED = `
  DELETE FROM unconfirmed_commands WHERE job_id = $1 AND attempt = $2 AND claimed_at IS NULL
  RETURNING job_id`;

/**
 * Re-opens FAILED jobs for a manual retry: in one transaction the read model goes back to QUEUED
 * with attempt + 1, the inbox forgets the failed outcome (while ignoring old copies of the
 * failed attempt), and the new attempt's command is recorded as unconfirmed (the outbox), so
 * a crash before its publish is confirmed cannot leave the job QUEUED with nothing to run it.
 */
export class JobRetryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Re-opens the tenant's job if it is FAILED, recording `messageId` as the id of the command
   * about to be published; otherwise says what the job is (null: no such job).
   */
  async reopen(tenant: string, jobId: string, messageId: string): Promise<Reopened> {
    if (!UUID_PATTERN.test(jobId)) return { reopened: false, status: null };
    try {
      return await this.reopenLocked(tenant, jobId, messageId);
    } catch (error) {
      if ((error as { constraint?: string }).constraint !== DEDUP_KEY_INDEX) throw error;
      const { rows } = await runSql<{ id: string }>(this.dataSource, DEDUP_HOLDER, [jobId]);
      return { reopened: false, status: 'FAILED', dedupKeyHeldBy: rows[0]?.id ?? 'unknown' };
    }
  }

  private reopenLocked(tenant: string, jobId: string, messageId: string): Promise<Reopened> {
    return this.dataSource.transaction(async (manager): Promise<Reopened> => {
      const { rows } = await runSql<LockedJob>(manager, LOCK_JOB, [jobId, tenant]);
      const job = rows[0];
      if (!job || job.status !== 'FAILED' || !job.input)
        return { reopened: false, status: job?.status ?? null };
      const run = await runSql<{ outcome_event: JobEvent | null }>(manager, FORGET_OUTCOME, [
        jobId,
        job.attempt,
      ]);
      const attempt = job.attempt + 1;
      await runSql(manager, REQUEUE_JOB, [jobId, attempt]);
      await runSql(manager, RECORD_UNCONFIRMED, [jobId, attempt, messageId]);
      return {
        reopened: true,
        jobId,
        type: job.type,
        input: job.input,
        priority: priorityOf(job),
        previousAttempt: job.attempt,
        attempt,
        previousOutcome: run.rows[0]?.outcome_event ?? null,
      };
    });
  }

  /**
   * Undoes a reopen whose command could not be published: FAILED again, as before. Not if a
   * sweeper has taken its command meanwhile (it may be on the broker): false then, and the job
   * stays QUEUED for that command.
   */
  async restore(reopened: Extract<Reopened, { reopened: true }>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const withdrawn = await runSql(manager, WITHDRAW_UNCONFIRMED, [
        reopened.jobId,
        reopened.attempt,
      ]);
      if (withdrawn.rows.length === 0) return false;
      await runSql(
        manager,
        `UPDATE jobs SET status = 'FAILED', attempt = $3, finished_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'QUEUED' AND attempt = $2`,
        [reopened.jobId, reopened.attempt, reopened.previousAttempt],
      );
      if (reopened.previousOutcome)
        await runSql(
          manager,
          `UPDATE job_runs SET outcome = 'failed', outcome_event = $2::jsonb, decided_at = now()
           WHERE job_id = $1 AND outcome IS NULL`,
          [reopened.jobId, JSON.stringify(reopened.previousOutcome)],
        );
      return true;
    });
  }
}

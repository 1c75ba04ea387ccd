import type {
  JobEvent,
  RunClaim,
  RunClaimResult,
  RunDecision,
  RunLease,
  RunOutcome,
} from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import {
  CANCEL,
  DECIDE,
  ENSURE_RUN,
  HEARTBEAT,
  LOCK_RUN,
  MARK_CANCELLED,
  TAKE_LEASE,
} from './job-run.sql';

interface LockedRun {
  readonly outcome: RunOutcome | null;
  readonly outcome_event: JobEvent | null;
  readonly retried_attempt: number;
  readonly attempt: number;
  readonly worker: string | null;
  readonly leased: boolean;
}

/**
 * The workers' inbox in PostgreSQL (`job_runs`): one lease and one outcome per job, so a
 * redelivered or duplicated command runs to completion at most once and a job gets exactly
 * one terminal event, whatever crashed in between.
 */
export class JobRunStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Decides, under a row lock, whether this delivery may run the job now. */
  async claim(request: RunClaim): Promise<RunClaimResult> {
    return this.dataSource.transaction(async (manager) => {
      await runSql(manager, ENSURE_RUN, [request.jobId, request.tenant]);
      const { rows } = await runSql<LockedRun>(manager, LOCK_RUN, [request.jobId]);
      const run = rows[0];
      if (!run) throw new Error(`job_runs row of ${request.jobId} vanished`);
      if (run.outcome && run.outcome_event) return { kind: 'decided', event: run.outcome_event };
      if (request.attempt <= run.retried_attempt) return { kind: 'stale' };
      // Busy only for a copy of the attempt being run: a newer attempt is never held back.
      if (run.leased && !request.takeOver && request.attempt <= run.attempt)
        return { kind: 'busy', worker: run.worker };
      const taken = await runSql<{ fence: string }>(manager, TAKE_LEASE, [
        request.jobId,
        request.attempt,
        request.messageId,
        request.worker,
        Math.round(request.leaseMs),
      ]);
      return { kind: 'run', fence: Number(taken.rows[0]?.fence ?? 0) };
    });
  }

  /** Records the job's outcome and its terminal event, unless it already has one. */
  async decide(jobId: string, outcome: RunOutcome, event: JobEvent): Promise<RunDecision> {
    const { rows } = await runSql(this.dataSource, DECIDE, [jobId, outcome, JSON.stringify(event)]);
    if (rows.length > 0) return { recorded: true };
    const existing = await this.outcomeEvent(jobId);
    if (!existing) throw new Error(`job ${jobId} has no run row to decide`);
    return { recorded: false, event: existing };
  }

  /** Marks an attempt as ended with a retry scheduled; its old copies are then ignored. */
  async markRetried(jobId: string, attempt: number): Promise<void> {
    await runSql(
      this.dataSource,
      `UPDATE job_runs SET retried_attempt = GREATEST(retried_attempt, $2), lease_until = NULL,
         updated_at = now() WHERE job_id = $1`,
      [jobId, attempt],
    );
  }

  /** Gives a lease back (the message goes back to the queue), if still held under `fence`. */
  async release(lease: RunLease): Promise<void> {
    await runSql(
      this.dataSource,
      'UPDATE job_runs SET lease_until = NULL, updated_at = now() WHERE job_id = $1 AND fence = $2',
      [lease.jobId, lease.fence],
    );
  }

  /** Extends the leases a live worker still holds. */
  async heartbeat(leases: readonly RunLease[], leaseMs: number): Promise<void> {
    if (leases.length === 0) return;
    await runSql(this.dataSource, HEARTBEAT, [
      leases.map((l) => l.jobId),
      leases.map((l) => l.fence),
      Math.round(leaseMs),
    ]);
  }

  /**
   * Cancels a job that has no outcome yet: records `cancelled` with its event and marks the
   * read model CANCELLED, in one transaction. Returns the event that is the job's outcome.
   */
  async cancel(tenant: string, jobId: string, event: JobEvent): Promise<RunDecision> {
    if (!UUID_PATTERN.test(jobId)) throw new Error(`not a job id: ${jobId}`);
    const recorded = await this.dataSource.transaction(async (manager) => {
      const { rows } = await runSql(manager, CANCEL, [jobId, tenant, JSON.stringify(event)]);
      if (rows.length === 0) return false;
      await runSql(manager, MARK_CANCELLED, [jobId, tenant]);
      return true;
    });
    if (recorded) return { recorded: true };
    const existing = await this.outcomeEvent(jobId);
    if (!existing) throw new Error(`job ${jobId} belongs to another tenant`);
    return { recorded: false, event: existing };
  }

  private async outcomeEvent(jobId: string): Promise<JobEvent | null> {
    const { rows } = await runSql<{ outcome_event: JobEvent | null }>(
      this.dataSource,
      'SELECT outcome_event FROM job_runs WHERE job_id = $1',
      [jobId],
    );
    return rows[0]?.outcome_event ?? null;
  }
}

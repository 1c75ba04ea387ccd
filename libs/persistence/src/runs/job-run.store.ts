import type {
  JobEvent,
  RunClaim,
  RunClaimResult,
  RunDecision,
  RunLease,
  RunOutcome,
} from '@jobmill/contracts';
import { writeWindows } from '@jobmill/contracts';
import type DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import { CANCEL, HEARTBEAT, MARK_CANCELLED, REFUSE_UNCLAIMED } from './job-run.sql';
import { claimWindow, decideWindow, type PendingDecision } from './job-run-window.writer';

/**
 * Claims and decisions are gathered into windows: at most 500 a statement, up to four
 * statements at once (their row locks are taken in job id order: no deadlock).
 */
const WINDOWS = { maxSize: 500, inFlight: 4 } as const;

/**
 * The workers' inbox in PostgreSQL (`job_runs`): one lease and one outcome per job, so a
 * redelivered or duplicated command runs to completion at most once and a job gets exactly
 * one terminal event, whatever crashed in between.
 */
export class JobRunStore {
  private readonly claims: DataLoader<RunClaim, RunClaimResult>;
  private readonly decisions: DataLoader<PendingDecision, RunDecision>;

  constructor(private readonly dataSource: DataSource) {
    this.claims = writeWindows((requests) => claimWindow(this.dataSource, requests), WINDOWS);
    this.decisions = writeWindows((pending) => decideWindow(this.dataSource, pending), WINDOWS);
  }

  /**
   * Decides, under a row lock, whether this delivery may run the job now. Concurrent claims
   * are written together: one transaction for a whole window of deliveries.
   */
  async claim(request: RunClaim): Promise<RunClaimResult> {
    return this.claims.load(request);
  }

  /**
   * Records the job's outcome and its terminal event, with the attempt's start if it ran, unless
   * it already has one. Concurrent decisions are written together, one statement a window.
   */
  async decide(
    jobId: string,
    outcome: RunOutcome,
    event: JobEvent,
    started?: JobEvent,
  ): Promise<RunDecision> {
    return this.decisions.load(
      started ? { jobId, outcome, event, started } : { jobId, outcome, event },
    );
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

  /**
   * Records `failed` with its event as the outcome of each job that has no run yet, so it never
   * runs; returns the ids recorded (the others were claimed first, or are taken).
   */
  async refuseUnclaimed(failures: readonly JobEvent<'failed'>[]): Promise<Set<string>> {
    if (failures.length === 0) return new Set();
    const { rows } = await runSql<{ job_id: string }>(this.dataSource, REFUSE_UNCLAIMED, [
      failures.map((e) => e.subject),
      failures.map((e) => e.tenant),
      failures.map((e) => JSON.stringify(e)),
    ]);
    return new Set(rows.map((r) => r.job_id));
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

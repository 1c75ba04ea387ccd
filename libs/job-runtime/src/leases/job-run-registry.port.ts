import type {
  JobEvent,
  RunClaim,
  RunClaimResult,
  RunDecision,
  RunLease,
  RunOutcome,
} from '@jobmill/contracts';

/**
 * The durable inbox the runner consults (PostgreSQL's JobRunStore in production): a lease per
 * running job and exactly one recorded outcome per job, cancellation included.
 */
export interface JobRunRegistry {
  claim(claim: RunClaim): Promise<RunClaimResult>;
  /** Records the outcome (and the attempt's start, if it ran) unless the job has one already. */
  decide(
    jobId: string,
    outcome: RunOutcome,
    event: JobEvent,
    started?: JobEvent,
  ): Promise<RunDecision>;
  markRetried(jobId: string, attempt: number): Promise<void>;
  release(lease: RunLease): Promise<void>;
  heartbeat(leases: readonly RunLease[], leaseMs: number): Promise<void>;
}

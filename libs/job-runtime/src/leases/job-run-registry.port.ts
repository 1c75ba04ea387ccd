import type { JobEvent } from '@jobmill/contracts';

/** One delivery asking to run an attempt of a job. */
export interface RunClaim {
  readonly jobId: string;
  readonly tenant: string;
  readonly attempt: number;
  readonly messageId: string;
  readonly worker: string;
  readonly leaseMs: number;
  /** The broker redelivered: whoever held the job before is gone, take it over. */
  readonly takeOver: boolean;
}

/** What the registry says about a claim. */
export type RunClaimResult =
  | { readonly kind: 'run'; readonly fence: number }
  | { readonly kind: 'decided'; readonly event: JobEvent }
  | { readonly kind: 'busy'; readonly worker: string | null }
  | { readonly kind: 'stale' };

/** A lease held by this worker under a fencing token. */
export interface RunLease {
  readonly jobId: string;
  readonly fence: number;
}

/** Whether our outcome became the job's one outcome, or which event already is. */
export type RunDecision =
  { readonly recorded: true } | { readonly recorded: false; readonly event: JobEvent };

/**
 * The durable inbox the runner consults (PostgreSQL's JobRunStore in production): a lease per
 * running job and exactly one recorded outcome per job, cancellation included.
 */
export interface JobRunRegistry {
  claim(claim: RunClaim): Promise<RunClaimResult>;
  decide(
    jobId: string,
    outcome: 'succeeded' | 'failed' | 'cancelled',
    event: JobEvent,
  ): Promise<RunDecision>;
  markRetried(jobId: string, attempt: number): Promise<void>;
  release(lease: RunLease): Promise<void>;
  heartbeat(leases: readonly RunLease[], leaseMs: number): Promise<void>;
}

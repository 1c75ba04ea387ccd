import type { JobEvent } from '../events/job-event';

// The inbox of the workers, as both sides see it: the job runtime asks, persistence answers
// (job_runs). Defined here, below both, so each concept has one name on either side.

/** A worker asking to run one attempt of a job (one delivery of its command). */
export interface RunClaim {
  readonly jobId: string;
  readonly tenant: string;
  readonly attempt: number;
  readonly messageId: string;
  readonly worker: string;
  readonly leaseMs: number;
  /** Take the job even from a live lease: the broker redelivered, so the last holder is gone. */
  readonly takeOver: boolean;
  /** The upload the job reads, if any: it must be one of `tenant`'s (as REST requires). */
  readonly uploadId?: string;
}

/** Why a claim may not run its job at all: its command is refused, as at admission. */
export interface RunRefusal {
  readonly kind: 'refused';
  /**
   * UPLOAD_NOT_FOUND (not the tenant's upload), JOB_ID_TAKEN (another tenant's job id),
   * JOB_ID_IN_USE (a new command naming a job that another command is running).
   */
  readonly code: 'UPLOAD_NOT_FOUND' | 'JOB_ID_TAKEN' | 'JOB_ID_IN_USE';
  readonly reason: string;
  /**
   * False when the job is not this command's to record: another tenant's job id, or a job
   * another command runs. Nothing may be recorded or published for it then.
   */
  readonly ownJob: boolean;
}

/** What a claim found: run it (with a fencing token), or why not. */
export type RunClaimResult =
  | { readonly kind: 'run'; readonly fence: number }
  /**
   * The job already has its one outcome: republish this event, do not run; `started` is the
   * start recorded with it (its attempt ran), republished just before it.
   */
  | { readonly kind: 'decided'; readonly event: JobEvent; readonly started?: JobEvent }
  /** Another worker holds a live lease on it (a duplicate delivery). */
  | { readonly kind: 'busy'; readonly worker: string | null }
  /** This attempt already ended with a retry scheduled (an old copy). */
  | { readonly kind: 'stale' }
  | RunRefusal;

/** The terminal outcomes a job can have. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

/** Whether this caller's outcome became the job's one outcome, or which event already is. */
export type RunDecision =
  { readonly recorded: true } | { readonly recorded: false; readonly event: JobEvent };

/** A lease held by a worker under a fencing token, as heartbeats renew it. */
export interface RunLease {
  readonly jobId: string;
  readonly fence: number;
}

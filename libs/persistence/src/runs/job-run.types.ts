import type { JobEvent } from '@jobmill/contracts';

/** A worker asking to run one attempt of a job. */
export interface ClaimRequest {
  readonly jobId: string;
  readonly tenant: string;
  readonly attempt: number;
  readonly messageId: string;
  readonly worker: string;
  readonly leaseMs: number;
  /** Take the job even from a live lease: the broker redelivered, so the last holder is gone. */
  readonly takeOver: boolean;
}

/** What a claim found: run it (with a fencing token), or why not. */
export type ClaimResult =
  | { readonly kind: 'run'; readonly fence: number }
  /** The job already has its one outcome: republish this event, do not run. */
  | { readonly kind: 'decided'; readonly event: JobEvent }
  /** Another worker holds a live lease on it (a duplicate delivery). */
  | { readonly kind: 'busy'; readonly worker: string | null }
  /** This attempt already ended with a retry scheduled (an old copy). */
  | { readonly kind: 'stale' };

/** The terminal outcomes a job can have. */
export type RunOutcome = 'succeeded' | 'failed' | 'cancelled';

/** Whether this caller's outcome became the job's one outcome, or which event already is. */
export type Decision =
  { readonly recorded: true } | { readonly recorded: false; readonly event: JobEvent };

/** One held lease, as heartbeats renew it. */
export interface HeldLease {
  readonly jobId: string;
  readonly fence: number;
}

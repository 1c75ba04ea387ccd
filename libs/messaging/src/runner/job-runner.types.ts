import type { JobCommand, JobError, JobType } from '@jobmill/contracts';
import type { AdmissionPolicy } from './command-admission';
import type { JobRunRegistry } from './job-run-registry.port';
import type { JobTimeoutPolicy } from './job-timeouts';

/** What a job handler gets: the command, a cancellation signal and a progress callback. */
export interface JobContext {
  readonly command: JobCommand;
  readonly jobType: JobType;
  /**
   * Aborted when the job is cancelled, at its soft time limit, or when the runner stops and the
   * shutdown grace period expired. Pass it to TaskPool.run: aborting ends the worker thread.
   */
  readonly signal: AbortSignal;
  /** Reports progress in [0, 1]; coalesced before anything is published. */
  reportProgress(fraction: number): void;
}

/** How a job ended. A `failed` outcome with a retryable error is retried like a thrown one. */
export type JobOutcome =
  | { readonly status: 'succeeded'; readonly result: Record<string, unknown> }
  | { readonly status: 'failed'; readonly error: JobError };

/** Runs one job type; may also throw: thrown errors are classified by code/kind/retryable. */
export interface JobHandler {
  run(ctx: JobContext): Promise<JobOutcome>;
}

/** Configuration of one worker loop. */
export interface JobRunnerOptions {
  readonly queue: string;
  /** Messages delivered at once (basic.qos). */
  readonly prefetch: number;
  /** Jobs run at once, counting each member of a batch message. Default `prefetch`. */
  readonly concurrency?: number;
  /** CloudEvents source of the events it publishes, e.g. '/jobmill/detection-worker'. */
  readonly source: string;
  readonly workerId: string;
  readonly handlers: Partial<Record<JobType, JobHandler>>;
  /** Attempts per job unless the command's data.maxAttempts says otherwise. Default 3. */
  readonly maxAttempts?: number;
  /** Base of the exponential retry backoff. Default 1,000 ms. */
  readonly retryBaseDelayMs?: number;
  /** Minimum time between two progress events of one job. Default 500 ms. */
  readonly progressIntervalMs?: number;
  /** Whether a `succeeded` result is checked against its job type's schema. Default true. */
  readonly validateResults?: boolean;
  /** The durable inbox (leases, one outcome per job, cancellations); without it, at-least-once only. */
  readonly runs?: JobRunRegistry;
  /** Lease of a running job, renewed by heartbeats (a third of it). Default 30,000 ms. */
  readonly leaseMs?: number;
  /** Soft and hard time limits per job type. Default soft 55 min, hard 60 min. */
  readonly timeouts?: JobTimeoutPolicy;
  /** Size limit and tenant authorization of incoming commands. Default 1 MiB, no tenant check. */
  readonly admission?: AdmissionPolicy;
}

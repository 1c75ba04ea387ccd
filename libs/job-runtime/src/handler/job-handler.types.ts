import type { JobCommand, JobError, JobType } from '@jobmill/contracts';

/** What a job handler gets: the command, a cancellation signal and a progress callback. */
export interface JobContext {
  readonly command: JobCommand;
  readonly jobType: JobType;
  /** The worker running it (service@host:pid), as its job.started event names it. */
  readonly workerId: string;
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

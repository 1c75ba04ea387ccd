import type { JobType } from '@jobmill/contracts';

/**
 * How one attempt of a job ended, as the runner saw it: `succeeded`, `failed` (for good) and
 * `cancelled` when that outcome was recorded by this attempt; `superseded` when another outcome
 * was recorded first (a client's cancellation, a duplicate's result), so counting stays exact.
 */
export type AttemptOutcome = 'succeeded' | 'failed' | 'retried' | 'cancelled' | 'superseded';

/**
 * Told what the job runner does, so a service can measure it (its metrics implement this; the
 * runtime must not depend on them). Called once or twice per job: implementations stay cheap,
 * never throw, and label by job type at most (never by job id or tenant).
 */
export interface RuntimeObserver {
  /** An attempt started, `queueWaitSeconds` after its command was written (retries: after the retry was scheduled). */
  jobStarted(jobType: JobType, queueWaitSeconds: number): void;
  /** An attempt ended after running `seconds`; `retried` is the only one not final. */
  jobEnded(jobType: JobType, outcome: AttemptOutcome, seconds: number): void;
  /** The runner of `queue` now holds `inUse` of its `size` job slots. */
  slotsChanged(queue: string, inUse: number, size: number): void;
}

/** The default: nobody listens. */
export const NO_RUNTIME_OBSERVER: RuntimeObserver = {
  jobStarted: () => undefined,
  jobEnded: () => undefined,
  slotsChanged: () => undefined,
};

import type { JobType } from '@jobmill/contracts';

/** How long one attempt may run: at `softMs` it is asked to stop, at `hardMs` it is given up. */
export interface JobTimeouts {
  readonly softMs: number;
  readonly hardMs: number;
}

/** Defaults: soft 55 min, hard 60 min (the broker's consumer_timeout must exceed the longest hard limit). */
export const DEFAULT_JOB_TIMEOUTS: JobTimeouts = { softMs: 55 * 60_000, hardMs: 60 * 60_000 };

/** Timeouts per job type, with a default for the types not listed. */
export interface JobTimeoutPolicy {
  readonly default: JobTimeouts;
  readonly byType?: Partial<Record<JobType, JobTimeouts>>;
}

/** The limits of one job type. */
export const timeoutsFor = (policy: JobTimeoutPolicy | undefined, type: JobType): JobTimeouts =>
  policy?.byType?.[type] ?? policy?.default ?? DEFAULT_JOB_TIMEOUTS;

/** One minute of the timeline. */
export interface TimelineBucket {
  /** The minute's start (ISO). */
  readonly start: string;
  /** Jobs created, and jobs that ended each way, in that minute. */
  readonly submitted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Wait from due (created, or its runAt) to started, of the jobs started in that minute. */
  readonly queueWaitP50Ms: number | null;
  readonly queueWaitP95Ms: number | null;
}

/** Jobs in and out per minute of one job type, over a recent window. */
export interface JobTypeRate {
  readonly inPerMinute: number;
  readonly outPerMinute: number;
}

/** Whose jobs: one tenant's, or (null) every tenant's. */
export type TenantScope = string | null;

import type { JobState } from '@jobmill/contracts';
import type { JobView } from '../jobs/job-view';

/** A delivery the deliverer has claimed: its attempt number is already counted. */
export interface ClaimedDelivery {
  /** `<job id>.<job attempt>.<terminal state>`: the same for every attempt of the delivery. */
  readonly id: string;
  readonly jobId: string;
  readonly tenant: string;
  /** The job's attempt and terminal state this delivery announces. */
  readonly jobAttempt: number;
  readonly jobStatus: JobState;
  readonly url: string;
  /** 1 for the first POST, 2 for the first retry, ... */
  readonly attempt: number;
  /** The body of the first attempt, reused by the retries; null before the first. */
  readonly body: string | null;
  readonly createdAt: string;
  /** The job as it is now, for the first attempt's body (null if it is gone). */
  readonly job: JobView | null;
}

/** What one attempt came to, as the deliverer records it in the delivery and the job's history. */
export interface DeliveryAttemptRecord {
  readonly delivery: ClaimedDelivery;
  readonly body: string;
  readonly delivered: boolean;
  /** When to try again; null with !delivered means the delivery has failed for good. */
  readonly nextAttemptAt: string | null;
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
}

import { type JobState, TERMINAL_STATES } from '@jobmill/contracts';

/** A job's position in its life: later attempts win, then the higher state rank. */
export interface JobPosition {
  readonly attempt: number;
  readonly status: JobState;
}

const RANK: Readonly<Record<JobState, number>> = {
  PENDING: 0,
  QUEUED: 1,
  RUNNING: 2,
  RETRYING: 3,
  SUCCEEDED: 4,
  FAILED: 4,
  CANCELLED: 4,
};

/** The state's rank within one attempt (the SQL function job_state_rank mirrors it). */
export const stateRank = (state: JobState): number => RANK[state];

/** Whether the state is final. */
export const isTerminal = (state: JobState): boolean => TERMINAL_STATES.includes(state);

/** Whether moving from `current` to `next` goes forward: never out of a terminal state. */
export function isForward(current: JobPosition, next: JobPosition): boolean {
  if (isTerminal(current.status)) return false;
  if (next.attempt !== current.attempt) return next.attempt > current.attempt;
  return stateRank(next.status) > stateRank(current.status);
}

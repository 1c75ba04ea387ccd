import { TERMINAL_STATES, type JobState } from '@jobmill/contracts';

/** How a canary probe ended: the `outcome` label of jobmill_canary_runs_total. */
export const CANARY_OUTCOMES = ['succeeded', 'failed', 'timed_out', 'refused'] as const;
export type CanaryOutcome = (typeof CANARY_OUTCOMES)[number];

/**
 * The outcome of a probe whose job reached `status` by its deadline: `failed` for a job that
 * ended FAILED or CANCELLED, `timed_out` for one still QUEUED or RUNNING (or never recorded).
 */
export function canaryOutcomeOf(status: JobState): Exclude<CanaryOutcome, 'refused'> {
  if (status === 'SUCCEEDED') return 'succeeded';
  return TERMINAL_STATES.includes(status) ? 'failed' : 'timed_out';
}

import { JOB_STATES } from '@jobmill/contracts';
import { canaryOutcomeOf } from './canary-outcome';

describe('a canary probe’s outcome', () => {
  it('is succeeded only for SUCCEEDED, failed for FAILED and CANCELLED', () => {
    expect(canaryOutcomeOf('SUCCEEDED')).toBe('succeeded');
    expect(canaryOutcomeOf('FAILED')).toBe('failed');
    expect(canaryOutcomeOf('CANCELLED')).toBe('failed');
  });

  it('is timed_out for every state a job has before it ends', () => {
    const unfinished = JOB_STATES.filter((s) => !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(s));
    expect(unfinished).toContain('RUNNING');
    for (const state of unfinished) expect(canaryOutcomeOf(state)).toBe('timed_out');
  });
});

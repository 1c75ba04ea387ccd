import type { JobSubmission } from '@jobmill/contracts';
import { ProblemError } from '../../problems/problem.error';

/** The furthest ahead a job may be delayed: a year, as delayMs allows. */
export const MAX_DELAY_MS = 31_536_000_000;

const invalidTiming = (path: string, detail: string): ProblemError =>
  new ProblemError(400, 'INVALID_TIMING', 'Invalid job', detail, [{ path, message: detail }]);

/**
 * When a submission is due: undefined to run at once (no runAt or delayMs, or a time already
 * past), else its time. Both options at once, or a time beyond a year, are a 400.
 */
export function dueTimeOf(s: JobSubmission, now: number, prefix = ''): Date | undefined {
  if (s.runAt !== undefined && s.delayMs !== undefined)
    throw invalidTiming(`${prefix}/runAt`, 'Give runAt or delayMs, not both.');
  const at = s.runAt !== undefined ? Date.parse(s.runAt) : now + (s.delayMs ?? 0);
  if (at - now > MAX_DELAY_MS)
    throw invalidTiming(
      `${prefix}/${s.runAt !== undefined ? 'runAt' : 'delayMs'}`,
      'A job may be delayed by a year at most.',
    );
  return at > now ? new Date(at) : undefined;
}

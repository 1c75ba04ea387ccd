import { Cron } from 'croner';
import type { NextTick } from '@jobmill/persistence';
import { ProblemError } from '../problems/problem.error';

/** The zone of a schedule that names none. */
export const DEFAULT_TIMEZONE = 'UTC';

const invalid = (code: string, path: string, detail: string): ProblemError =>
  new ProblemError(400, code, 'Invalid schedule', detail, [{ path, message: detail }]);

/** Whether `zone` is an IANA time zone name this runtime knows. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// Paused: the object only computes times, it never runs anything itself.
const cronOf = (cron: string, timezone: string): Cron =>
  new Cron(cron, { paused: true, timezone, mode: '5-or-6-parts' });

/**
 * The first tick after `after` of a cron expression (5 fields, or 6 with seconds first) in an
 * IANA time zone; a 400 problem naming the field if either is not valid, or never ticks.
 */
export function firstTick(cron: string, timezone: string, after: Date): Date {
  if (!isTimeZone(timezone))
    throw invalid('INVALID_TIMEZONE', '/timezone', `'${timezone}' is not an IANA time zone name.`);
  let next: Date | null;
  try {
    next = cronOf(cron, timezone).nextRun(after);
  } catch (error) {
    throw invalid(
      'INVALID_CRON',
      '/cron',
      `'${cron}' is not a cron expression: ${(error as Error).message}`,
    );
  }
  if (next === null) throw invalid('INVALID_CRON', '/cron', `'${cron}' never ticks.`);
  return next;
}

/** The tick after `after` of a stored (already validated) schedule, or null if none is left. */
export const nextTick: NextTick = ({ cron, timezone }, after) => {
  try {
    return cronOf(cron, timezone).nextRun(after);
  } catch {
    // Validated when it was created: only a runtime that lost the zone gets here. Stop it.
    return null;
  }
};

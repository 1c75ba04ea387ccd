import { JOB_STATES, type JobState } from '@jobmill/contracts';
import { idPrefixDigits, type JobListQuery } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';

/** Query of `GET /v1/jobs` (tenant= is read by TenantScope). */
export interface JobSearchParams {
  readonly status?: string;
  readonly type?: string;
  readonly scheduleId?: string;
  readonly id?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly cursor?: string;
  readonly limit?: string;
}

/** 400 INVALID_QUERY naming the parameter. */
export const badQuery = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_QUERY', 'Bad request', message, [{ path, message }]);

/** A status parameter, checked. */
export function statusParam(path: string, value: unknown): JobState | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (JOB_STATES as readonly string[]).includes(value))
    return value as JobState;
  throw badQuery(path, `status must be one of ${JOB_STATES.join(', ')}`);
}

/** An ISO 8601 time parameter, checked. */
export function timeParam(path: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const at = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw badQuery(path, `${path.slice(1)} must be an ISO 8601 time`);
  return new Date(at);
}

/** A time range's two ends, checked, the first before the second. */
export function createdRange(
  after: unknown,
  before: unknown,
  base = '',
): { createdAfter?: Date; createdBefore?: Date } {
  const createdAfter = timeParam(`${base}/createdAfter`, after);
  const createdBefore = timeParam(`${base}/createdBefore`, before);
  if (createdAfter && createdBefore && createdAfter >= createdBefore)
    throw badQuery(`${base}/createdBefore`, 'createdBefore must be later than createdAfter');
  return { ...(createdAfter ? { createdAfter } : {}), ...(createdBefore ? { createdBefore } : {}) };
}

/** An id filter: a full job id or at least its first 4 hex digits. */
export function idParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && idPrefixDigits(value) !== undefined) return value;
  throw badQuery('/id', 'id must be a job id or its first 4 or more hex digits');
}

/** Checks `GET /v1/jobs`'s query; 400 INVALID_QUERY names the first wrong parameter. */
export function parseJobSearch(q: JobSearchParams): JobListQuery {
  const status = statusParam('/status', q.status);
  const limit = q.limit === undefined ? 20 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw badQuery('/limit', 'limit must be an integer from 1 to 100');
  const idPrefix = idParam(q.id);
  return {
    limit,
    ...(status ? { status } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.scheduleId ? { scheduleId: q.scheduleId } : {}),
    ...(idPrefix ? { idPrefix } : {}),
    ...createdRange(q.createdAfter, q.createdBefore),
    ...(q.cursor ? { cursor: q.cursor } : {}),
  };
}

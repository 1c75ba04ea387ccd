import { UUID_PATTERN, type JobState } from '@jobmill/contracts';
import type { JobFilter } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';
import { createdRange, statusParam } from '../list-jobs/job-search.query';

/** The most jobs one bulk action may touch; beyond it the caller narrows the filter. */
export const BULK_LIMIT = 10_000;

/** What a bulk action does to each job it matches. */
export type BulkAction = 'cancel' | 'retry';

/** A checked `POST /v1/jobs/bulk` body. */
export interface BulkRequest {
  readonly action: BulkAction;
  /** The filter, narrowed to the statuses the action applies to. */
  readonly filter: JobFilter;
  readonly dryRun: boolean;
}

/** The statuses each action applies to: a job in any other is not matched. */
export const ACTION_STATUSES: Readonly<Record<BulkAction, readonly JobState[]>> = {
  cancel: ['PENDING', 'QUEUED', 'RUNNING', 'RETRYING'],
  retry: ['FAILED'],
};

const FILTER_KEYS = new Set(['status', 'type', 'createdAfter', 'createdBefore', 'ids']);

const invalid = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_BODY', 'Bad request', message, [{ path, message }]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function idsOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > BULK_LIMIT)
    throw invalid('/filter/ids', `ids must be an array of 1 to ${BULK_LIMIT} job ids`);
  const bad = value.findIndex((id) => typeof id !== 'string' || !UUID_PATTERN.test(id));
  if (bad >= 0) throw invalid(`/filter/ids/${bad}`, 'not a job id');
  return (value as string[]).map((id) => id.toLowerCase());
}

function filterOf(action: BulkAction, value: unknown): JobFilter {
  if (value === undefined) value = {};
  if (!isRecord(value)) throw invalid('/filter', 'filter must be an object');
  const unknown = Object.keys(value).find((key) => !FILTER_KEYS.has(key));
  if (unknown !== undefined) throw invalid(`/filter/${unknown}`, `unknown filter '${unknown}'`);
  const status = statusParam('/filter/status', value['status']);
  const type = value['type'];
  if (type !== undefined && (typeof type !== 'string' || type === ''))
    throw invalid('/filter/type', 'type must be a job type');
  const ids = idsOf(value['ids']);
  return {
    statuses: ACTION_STATUSES[action].filter((s) => status === undefined || s === status),
    ...(type !== undefined ? { type } : {}),
    ...(ids ? { ids } : {}),
    ...createdRange(value['createdAfter'], value['createdBefore'], '/filter'),
  };
}

/** Checks a bulk request; 400 INVALID_BODY (or INVALID_QUERY for a filter value) names the field. */
export function parseBulkRequest(body: unknown): BulkRequest {
  if (!isRecord(body)) throw invalid('', 'the body must be a JSON object');
  const { action, dryRun } = body;
  if (action !== 'cancel' && action !== 'retry')
    throw invalid('/action', "action must be 'cancel' or 'retry'");
  if (dryRun !== undefined && typeof dryRun !== 'boolean')
    throw invalid('/dryRun', 'dryRun must be true or false');
  return { action, filter: filterOf(action, body['filter']), dryRun: dryRun === true };
}

import { Injectable } from '@nestjs/common';
import { JobMatchStore, type MatchedJob } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';
import { CancelJobHandler } from '../cancel-job/cancel-job.handler';
import { RetryJobHandler } from '../retry-job/retry-job.handler';
import { BULK_LIMIT, type BulkRequest } from './bulk-request';

/** A job a bulk action left as it was, and the problem code why. */
export interface BulkSkip {
  readonly id: string;
  readonly code: string;
}

/** The answer of a bulk action. */
export interface BulkReport {
  /** Jobs the filter matched in a status the action applies to. */
  readonly matched: number;
  /** Jobs it cancelled or retried (0 for a dry run). */
  readonly applied: number;
  /** The first 100 it could not act on (it moved on meanwhile, the broker was down, ...). */
  readonly skipped: BulkSkip[];
}

/** How many skips an answer lists, and how many jobs are acted on at once. */
export const LISTED_SKIPS = 100;
const PARALLEL = 8;

/** 400: the filter matches more than one action may touch. */
export const bulkTooLarge = (): ProblemError =>
  new ProblemError(
    400,
    'BULK_TOO_LARGE',
    'Too many jobs',
    `The filter matches more than ${BULK_LIMIT} jobs; narrow it (type, status, time range) and act in parts.`,
  );

/**
 * Cancels or retries every job a filter matches (one tenant's, or an admin's every tenant's),
 * each through the same handler as its single-job endpoint, so the same rules and problem codes
 * hold; a dry run only counts.
 */
@Injectable()
export class BulkJobsHandler {
  constructor(
    private readonly matches: JobMatchStore,
    private readonly cancels: CancelJobHandler,
    private readonly retries: RetryJobHandler,
  ) {}

  async run(scope: string | null, request: BulkRequest): Promise<BulkReport> {
    const jobs = await this.matches.match(scope, request.filter, BULK_LIMIT + 1);
    if (jobs.length > BULK_LIMIT) throw bulkTooLarge();
    if (request.dryRun) return { matched: jobs.length, applied: 0, skipped: [] };
    const skipped: BulkSkip[] = [];
    let applied = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
        const code = await this.apply(request.action, job);
        if (code === undefined) applied += 1;
        else skipped.push({ id: job.id, code });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    return { matched: jobs.length, applied, skipped: skipped.slice(0, LISTED_SKIPS) };
  }

  /** Acts on one job: undefined when done, else the problem code it was refused with. */
  private async apply(action: BulkRequest['action'], job: MatchedJob): Promise<string | undefined> {
    try {
      if (action === 'cancel') await this.cancels.cancel(job.tenant, job.id);
      else await this.retries.retry(job.tenant, job.id);
      return undefined;
    } catch (error) {
      return error instanceof ProblemError ? error.code : 'INTERNAL_ERROR';
    }
  }
}

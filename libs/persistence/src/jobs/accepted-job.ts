import type { JobEventName, JobPriority, WebhookHistoryName } from '@jobmill/contracts';
import type { JobFilter } from './job-filter';
import type { JobView } from './job-view';

/** A job the API has accepted and is about to publish the command for. */
export interface AcceptedJob {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly maxAttempts?: number;
  /** The submission's retention in ms; unset: the platform's JOB_RETENTION. */
  readonly retentionMs?: number;
  readonly callbackUrl?: string;
  readonly idempotencyKey?: string;
  /** A hash of the request body, to tell a true retry from a key reused for another request. */
  readonly requestHash?: string;
  /** The id of the command about to be published: a republish reuses it (the workers' dedup). */
  readonly messageId?: string;
  /** While a job of the tenant with this key is unfinished, that job is returned instead. */
  readonly dedupKey?: string;
  /** Which waiting jobs start first; normal by default. */
  readonly priority?: JobPriority;
}

/**
 * The outcome of insertAccepted: the new job, or the one already holding its idempotency key, or
 * the unfinished one holding its dedup key (`heldBy`).
 */
export type InsertAcceptedResult =
  | { readonly inserted: true; readonly job: JobView }
  | {
      readonly inserted: false;
      readonly heldBy: 'idempotencyKey' | 'dedupKey';
      readonly existing: JobView & { readonly requestHash: string | null };
    };

/** Filters and position of one page of jobs. */
export interface JobListQuery extends Omit<JobFilter, 'statuses' | 'ids'> {
  readonly cursor?: string;
  readonly limit: number;
}

/** One page of jobs, newest first; `nextCursor` is null on the last page. */
export interface JobPage {
  readonly items: JobView[];
  readonly nextCursor: string | null;
}

/** One entry of a job's history: a job event, or a webhook delivery attempt. */
export interface JobHistoryEntry {
  readonly id: string;
  readonly name: JobEventName | WebhookHistoryName;
  readonly attempt: number;
  readonly data: unknown;
  readonly occurredAt: string;
}

import type { JobEventName } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { CommitSnapshot } from './commit-snapshot';
import { compareFeed, type FeedEvent, type FeedPosition } from './feed-event';
import { lifeRank } from './life-order';
import { EVENTS_SINCE, JOB_FEED, POSITION_OF, TENANT_FEED_PAGE } from './job-event-feed.sql';

/** Events as one snapshot of the database saw them. */
export interface FeedRead {
  readonly snapshot: CommitSnapshot;
  /** In feed order. */
  readonly events: FeedEvent[];
}

/** Whose events a poll reads. */
export interface FeedInterest {
  readonly jobIds: readonly string[];
  readonly tenants: readonly string[];
}

/** A filter on the tenant's feed: the job's type, and event names (null: any). */
export interface TenantFeedFilter {
  readonly jobType: string | null;
  readonly names: readonly JobEventName[] | null;
}

/** A recorded event's position, and its job. */
export interface EventPosition extends FeedPosition {
  readonly jobId: string;
  readonly name: JobEventName;
}

interface FeedRow {
  readonly snapshot: string;
  readonly id: string | null;
  readonly job_id: string;
  readonly tenant: string;
  readonly job_type: string | null;
  readonly name: JobEventName;
  readonly attempt: number;
  readonly data: unknown;
  readonly occurred_at: Date;
  readonly tx: string | null;
}

const START: FeedPosition = {
  tx: null,
  occurredAt: new Date(0).toISOString(),
  attempt: 0,
  name: 'queued',
  id: '',
};

/** Reads job events in commit order for live streams: what committed since a snapshot. */
export class JobEventFeedStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Events of the interest committed since `since` (none without it), and the new snapshot. */
  async since(since: CommitSnapshot | null, interest: FeedInterest): Promise<FeedRead> {
    return this.read(EVENTS_SINCE, [since?.text ?? null, interest.jobIds, interest.tenants]);
  }

  /** The whole history of the tenant's job. */
  async job(tenant: string, jobId: string): Promise<FeedRead> {
    return this.read(JOB_FEED, [jobId, tenant]);
  }

  /** Up to `limit` of the tenant's events after `after`, as `snapshot` saw them (default: now). */
  async tenantPage(
    tenant: string,
    filter: TenantFeedFilter,
    page: { after: FeedPosition | null; snapshot: CommitSnapshot | null; limit: number },
  ): Promise<FeedRead> {
    const after = page.after ?? START;
    return this.read(TENANT_FEED_PAGE, [
      tenant,
      (after.tx ?? 0n).toString(),
      after.occurredAt,
      after.id,
      page.snapshot?.text ?? null,
      filter.jobType,
      filter.names,
      page.limit,
      after.attempt,
      lifeRank(after.name),
    ]);
  }

  /** Where the tenant's event stands (null if the tenant has no such event). */
  async positionOf(tenant: string, eventId: string): Promise<EventPosition | null> {
    const { rows } = await runSql<
      Pick<FeedRow, 'id' | 'job_id' | 'name' | 'attempt' | 'occurred_at' | 'tx'>
    >(this.dataSource, POSITION_OF, [tenant, eventId]);
    const row = rows[0];
    if (!row?.id) return null;
    return {
      id: row.id,
      jobId: row.job_id,
      name: row.name,
      attempt: row.attempt,
      occurredAt: row.occurred_at.toISOString(),
      tx: row.tx === null ? null : BigInt(row.tx),
    };
  }

  private async read(sql: string, params: readonly unknown[]): Promise<FeedRead> {
    const { rows } = await runSql<FeedRow>(this.dataSource, sql, params);
    const first = rows[0];
    if (!first) throw new Error('the feed query returned no snapshot');
    const events = rows.flatMap((r) => (r.id === null ? [] : [toEvent(r, r.id)]));
    return { snapshot: new CommitSnapshot(first.snapshot), events: events.sort(compareFeed) };
  }
}

function toEvent(row: FeedRow, id: string): FeedEvent {
  return {
    id,
    jobId: row.job_id,
    tenant: row.tenant,
    jobType: row.job_type,
    name: row.name,
    attempt: row.attempt,
    data: row.data,
    occurredAt: row.occurred_at.toISOString(),
    tx: row.tx === null ? null : BigInt(row.tx),
  };
}

import type { JobEventName } from '@jobmill/contracts';
import { lifeRank } from './life-order';

/** A recorded job event as live streams deliver it, with its place in commit order. */
export interface FeedEvent {
  readonly id: string;
  readonly jobId: string;
  readonly tenant: string;
  /** The job's type (from `jobs`); null if the job's row is gone. */
  readonly jobType: string | null;
  readonly name: JobEventName;
  readonly attempt: number;
  readonly data: unknown;
  readonly occurredAt: string;
  /** The recording transaction's id; null for events recorded before ids were kept. */
  readonly tx: bigint | null;
}

/** Where an event stands in the feed's order: transaction, time, attempt, life, then id. */
export type FeedPosition = Pick<FeedEvent, 'tx' | 'occurredAt' | 'attempt' | 'name' | 'id'>;

/**
 * The feed's total order (the SQL sorts alike: tx_id NULLS FIRST, occurred_at, attempt, the
 * event's place in a job's life, id COLLATE "C"). Transaction ids grow as transactions start
 * writing, so once no older transaction is still open, nothing can be recorded before an event
 * already seen; within one, events of the same millisecond keep the order a job goes through.
 */
export function compareFeed(a: FeedPosition, b: FeedPosition): number {
  const ta = a.tx ?? -1n;
  const tb = b.tx ?? -1n;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? -1 : 1;
  if (a.attempt !== b.attempt) return a.attempt - b.attempt;
  const life = lifeRank(a.name) - lifeRank(b.name);
  if (life !== 0) return life;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

import { compareFeed, type FeedEvent } from '@jobmill/persistence';

interface Held {
  readonly event: FeedEvent;
  readonly since: number;
}

/**
 * Holds a stream's events until no transaction older than theirs can still commit, then lets
 * them go in feed order: the order a resumed stream (Last-Event-ID) continues from. A
 * transaction open too long elsewhere in the database would hold them back: past `maxWaitMs`
 * they go anyway (late, and perhaps out of that order, rather than never).
 */
export class OrderedRelease {
  private held: Held[] = [];

  constructor(private readonly maxWaitMs: number) {}

  /** Events waiting for their turn. */
  get size(): number {
    return this.held.length;
  }

  /** Adds committed events, as of `now` (ms). */
  add(events: readonly FeedEvent[], now: number): void {
    for (const event of events) this.held.push({ event, since: now });
  }

  /**
   * The events whose turn has come, in feed order: every transaction below `horizon` (a
   * snapshot's xmin) had ended, so nothing can commit before them any more.
   */
  release(horizon: bigint, now: number): FeedEvent[] {
    const overdue = this.held.some((h) => now - h.since >= this.maxWaitMs);
    const due = overdue
      ? this.held
      : this.held.filter((h) => h.event.tx === null || h.event.tx < horizon);
    if (due.length === 0) return [];
    this.held = overdue ? [] : this.held.filter((h) => !due.includes(h));
    return due.map((h) => h.event).sort(compareFeed);
  }
}

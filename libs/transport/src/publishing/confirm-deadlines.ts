/** A publish waiting for its confirm, as the deadlines watch it. */
export interface AwaitedConfirm {
  /** Moved on when a hold ends (see `ConfirmDeadlines.release`). */
  deadline: number;
  /** Still waiting: false once it settled or expired. */
  open: boolean;
  /** Called once, if it is still open at its deadline. */
  fail(error: Error): void;
}

/** Past this many settled entries at the front, the list is compacted. */
const COMPACT_AFTER = 1_024;

/**
 * The deadlines of the publishes awaiting their confirms, on one timer for all of them: a timer
 * per publish cost more than the publish itself at thousands a second. Confirms arrive in
 * publish order, so the entries settle from the front and the list stays short.
 */
export class ConfirmDeadlines {
  private entries: AwaitedConfirm[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  /** While the broker blocks publishing: nothing expires. */
  private held = false;

  constructor(private readonly expired: () => Error) {}

  /**
   * Stops expiring publishes: the broker blocks the connection (a resource alarm) and reads
   * nothing from it, confirms and requeues alike, so a publish failed now would only come back
   * as a redelivery once the block lifts.
   */
  hold(): void {
    this.held = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Expires again; every publish still waiting gets `timeoutMs` from now, a whole timeout. */
  release(timeoutMs: number): void {
    if (!this.held) return;
    this.held = false;
    const deadline = Date.now() + timeoutMs;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry?.open) entry.deadline = deadline;
    }
    this.arm();
  }

  /** Starts watching a publish (the entry is the caller's own: nothing is allocated here). */
  watch(entry: AwaitedConfirm): void {
    this.entries.push(entry);
    this.arm();
  }

  /** The publish settled (confirmed, nacked, returned or failed): it is no longer watched. */
  settle(entry: AwaitedConfirm): void {
    entry.open = false;
    this.dropSettled();
  }

  /** Fails every publish still open, with `error` (they are watched no more). */
  failOpen(error: Error): void {
    const open = this.entries.slice(this.head).filter((entry) => entry.open);
    for (const entry of open) entry.open = false;
    this.dropSettled();
    for (const entry of open) entry.fail(error);
  }

  /** Publishes still watched. */
  get size(): number {
    return this.entries.length - this.head;
  }

  private dropSettled(): void {
    while (this.head < this.entries.length && !this.entries[this.head]?.open) this.head++;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private arm(): void {
    const first = this.entries[this.head];
    if (this.held || this.timer !== undefined || first === undefined) return;
    this.timer = setTimeout(() => this.expire(), Math.max(0, first.deadline - Date.now()));
  }

  /** Fails what is due only once the list is in order: a fail callback may settle or watch. */
  private expire(): void {
    this.timer = undefined;
    const now = Date.now();
    const due: AwaitedConfirm[] = [];
    for (let entry = this.entries[this.head]; entry && entry.deadline <= now;) {
      if (entry.open) {
        entry.open = false;
        due.push(entry);
      }
      entry = this.entries[++this.head];
    }
    this.dropSettled();
    this.arm();
    if (due.length === 0) return;
    const error = this.expired();
    for (const entry of due) entry.fail(error);
  }
}

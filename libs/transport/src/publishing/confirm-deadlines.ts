/** A publish waiting for its confirm, as the deadlines watch it. */
export interface AwaitedConfirm {
  readonly deadline: number;
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

  constructor(private readonly expired: () => Error) {}

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
    if (this.timer !== undefined || first === undefined) return;
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

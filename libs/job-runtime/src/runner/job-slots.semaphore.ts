import { SLOT_RANKS, slotRank } from '@jobmill/contracts';

/** One rank's waiters in arrival order; `head` skips the served ones (a batch can queue thousands). */
class WaitLine {
  private waiting: Waiter[] = [];
  private head = 0;

  push(wake: Waiter): void {
    this.waiting.push(wake);
  }

  shift(): Waiter | undefined {
    const next = this.waiting[this.head];
    if (!next) return undefined;
    this.head++;
    // Drop the served prefix now and then, so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    return next;
  }
}

/** Wakes a waiting job: `true` hands it a slot, `false` sends it away (the slots closed). */
type Waiter = (slot: boolean) => void;

/** Ranks of waiters: each priority, then its backlog lane (`slotRank`); normal is the default. */
const NORMAL_RANK = slotRank('normal');

/**
 * A counting semaphore of job slots: how many jobs a runner runs at once, whether they came one
 * per message or many in a batch message (prefetch alone bounds messages, not jobs). A freed
 * slot goes to the longest-waiting job of the highest rank waiting: strictly high, then normal
 * (its lane, then its backlog lane), then low (the same), whatever message they came in.
 */
export class JobSlots {
  private free: number;
  private closed = false;
  private readonly lines = Array.from({ length: SLOT_RANKS }, () => new WaitLine());

  constructor(
    readonly size: number,
    /** Told the slots in use after every change (the in-flight gauge). */
    private readonly onChange: (inUse: number, size: number) => void = () => undefined,
  ) {
    this.free = Math.max(1, size);
    // Known from the start, so an idle worker shows its capacity, not nothing.
    onChange(0, size);
  }

  /**
   * Waits for a free slot (behind waiters of a higher rank) and resolves `true`; call `release`
   * once when over. Resolves `false`, holding no slot, once the slots are closed.
   */
  async acquire(rank = NORMAL_RANK): Promise<boolean> {
    if (this.closed) return false;
    if (this.free <= 0) {
      // A released slot passes straight to the waiter: the count in use does not change.
      const line = this.lines[rank] ?? this.lines[NORMAL_RANK];
      return new Promise<boolean>((resolve) => line?.push(resolve));
    }
    this.free--;
    this.onChange(this.inUse, this.size);
    return true;
  }

  /**
   * Sends every waiter away without a slot, and every later `acquire` too (a stopping runner
   * starts nothing more); the slots held are released as before.
   */
  close(): void {
    this.closed = true;
    for (let next = this.nextWaiter(); next; next = this.nextWaiter()) next(false);
  }

  /**
   * Takes a slot without waiting, even past the size: after a channel closed mid-job (the broker
   * took the delivery back) its redelivery must not wait behind the orphaned run. It still holds
   * back the waiters.
   */
  take(): void {
    this.free--;
    this.onChange(this.inUse, this.size);
  }

  release(): void {
    const next = this.free < 0 ? undefined : this.nextWaiter();
    if (!next) {
      this.free++;
      this.onChange(this.inUse, this.size);
      return;
    }
    next(true);
  }

  /** Jobs holding a slot now. */
  get inUse(): number {
    return this.size - this.free;
  }

  private nextWaiter(): Waiter | undefined {
    for (const line of this.lines) {
      const next = line.shift();
      if (next) return next;
    }
    return undefined;
  }
}

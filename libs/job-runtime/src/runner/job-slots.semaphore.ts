/**
 * A counting semaphore of job slots: how many jobs a runner runs at once, whether they came one
 * per message or many in a batch message (prefetch alone bounds messages, not jobs).
 */
export class JobSlots {
  private free: number;
  /** Waiters in arrival order; `head` skips the served ones (a batch can queue thousands). */
  private waiting: (() => void)[] = [];
  private head = 0;

  constructor(
    readonly size: number,
    /** Told the slots in use after every change (the in-flight gauge). */
    private readonly onChange: (inUse: number, size: number) => void = () => undefined,
  ) {
    this.free = Math.max(1, size);
    // Known from the start, so an idle worker shows its capacity, not nothing.
    onChange(0, size);
  }

  /** Waits for a free slot; call `release` exactly once when the job is over. */
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
    } else {
      // A released slot passes straight to the waiter: the count in use does not change.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      return;
    }
    this.onChange(this.inUse, this.size);
  }

  /**
   * Takes a slot without waiting, even past the size: a message delivered on its own is already
   * bounded by the prefetch, and after a channel closed mid-job (the broker took the delivery
   * back) its redelivery must not wait behind the orphaned run. It still holds back batch members.
   */
  take(): void {
    this.free--;
    this.onChange(this.inUse, this.size);
  }

  release(): void {
    const next = this.waiting[this.head];
    if (!next || this.free < 0) {
      this.free++;
      this.onChange(this.inUse, this.size);
      return;
    }
    this.head++;
    // Drop the served prefix now and then, so the array does not grow without end.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next();
  }

  /** Jobs holding a slot now. */
  get inUse(): number {
    return this.size - this.free;
  }
}

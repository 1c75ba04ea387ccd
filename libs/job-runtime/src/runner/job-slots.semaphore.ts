/**
 * A counting semaphore of job slots: how many jobs a runner runs at once, whether they came one
 * per message or many in a batch message (prefetch alone bounds messages, not jobs).
 */
export class JobSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

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

  release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.free++;
    this.onChange(this.inUse, this.size);
  }

  /** Jobs holding a slot now. */
  get inUse(): number {
    return this.size - this.free;
  }
}

/** Bounds on how often a job's progress is published. */
export interface ProgressCoalescerOptions {
  /** Minimum time between two published values. Default 500 ms. */
  readonly intervalMs?: number;
  /** Minimum change since the last published value. Default 0.01 (1 %). */
  readonly minDelta?: number;
  readonly now?: () => number;
}

/**
 * Decides which progress reports of one job are worth a message: at most one per interval
 * (counted from the start, so short jobs publish none), only when progress moved enough,
 * and none after the job ended.
 */
export class ProgressCoalescer {
  private last = 0;
  private lastAt: number;
  private closed = false;
  private readonly intervalMs: number;
  private readonly minDelta: number;
  private readonly now: () => number;

  constructor(options: ProgressCoalescerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 500;
    this.minDelta = options.minDelta ?? 0.01;
    this.now = options.now ?? Date.now;
    this.lastAt = this.now();
  }

  /** The value to publish for this report, or undefined to skip it. */
  offer(fraction: number): number | undefined {
    if (this.closed || !Number.isFinite(fraction)) return undefined;
    const value = Math.min(1, Math.max(0, fraction));
    const at = this.now();
    if (at - this.lastAt < this.intervalMs || Math.abs(value - this.last) < this.minDelta)
      return undefined;
    this.last = value;
    this.lastAt = at;
    return value;
  }

  /** No more values: the terminal event is on its way. */
  close(): void {
    this.closed = true;
  }
}

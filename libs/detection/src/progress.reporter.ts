/** Receives the fraction of the audio processed, in (0, 1]. */
export type ProgressListener = (fraction: number) => void;

/**
 * Throttles progress to whole-percent steps, so a two-hour file reports at most 100 times
 * whatever its block size, and a job's progress still moves smoothly.
 */
export class ProgressReporter {
  private lastPercent = 0;

  constructor(
    private readonly total: number | undefined,
    private readonly listener: ProgressListener | undefined,
  ) {}

  /** Reports `done` of `total` frames if that crossed a new whole percent. */
  update(done: number): void {
    const { total, listener } = this;
    if (!listener || !total) return;
    const percent = Math.min(100, Math.floor((done * 100) / total));
    if (percent <= this.lastPercent) return;
    this.lastPercent = percent;
    listener(percent / 100);
  }

  /** Reports completion once, if it has not been reported. */
  complete(): void {
    if (!this.listener || this.lastPercent >= 100) return;
    this.lastPercent = 100;
    this.listener(1);
  }
}

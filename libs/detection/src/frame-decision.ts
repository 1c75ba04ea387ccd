/** Receives each speech run as inclusive frame indices, with its count of voiced frames. */
export type RunSink = (first: number, last: number, voiced: number) => void;

/** Thresholds and run-length rules of the frame decision. */
export interface DecisionRules {
  /** Score that starts speech. */
  readonly onThreshold: number;
  /** Lower score that keeps it going (hysteresis). */
  readonly offThreshold: number;
  /** Runs shorter than this are clicks, not speech. */
  readonly minRunFrames: number;
  /** Quiet frames tolerated inside a run (hangover). */
  readonly hangoverFrames: number;
}

/**
 * Turns per-frame scores into speech runs: hysteresis between two thresholds, a hangover that
 * carries a run over short dips (stops, syllable boundaries), and removal of runs too short to
 * be speech. Streams with no lookahead beyond the hangover.
 */
export class FrameDecision {
  private frame = 0;
  private first = -1;
  private last = -1;
  private voiced = 0;

  constructor(
    private readonly rules: DecisionRules,
    private readonly sink: RunSink,
  ) {}

  /** Frames scored so far. */
  get frames(): number {
    return this.frame;
  }

  /** True when a score would continue a run (or start one): worth checking voicing. */
  isCandidate(score: number): boolean {
    return score > this.rules.offThreshold;
  }

  /** Takes the next frame's score and whether it is voiced. */
  push(score: number, voiced: boolean): void {
    const index = this.frame++;
    const inRun = this.first >= 0;
    if (score > (inRun ? this.rules.offThreshold : this.rules.onThreshold)) {
      if (!inRun) this.first = index;
      this.last = index;
      if (voiced) this.voiced++;
    } else if (inRun && index - this.last > this.rules.hangoverFrames) {
      this.close();
    }
  }

  /** Closes a run still open at the end of the stream. */
  finish(): void {
    if (this.first >= 0) this.close();
  }

  private close(): void {
    if (this.last - this.first + 1 >= this.rules.minRunFrames) {
      this.sink(this.first, this.last, this.voiced);
    }
    this.first = -1;
    this.last = -1;
    this.voiced = 0;
  }
}

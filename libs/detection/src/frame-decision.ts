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
  /**
   * When set, a run is anchored on its voiced frames: it keeps at most `leadFrames` before the
   * first voiced frame and `tailFrames` after the last (unvoiced consonants), ends once
   * `maxUnvoicedFrames` pass without voicing, and is dropped if it has none. Noise that merely
   * changes level scores high but is never voiced, so it can neither stand alone nor stretch a
   * neighbouring utterance. A frame after the last voiced one also needs a score above
   * `tailShare` of the run's highest to stay: below that it is noise, not a coda consonant.
   */
  readonly anchor?: {
    leadFrames: number;
    tailFrames: number;
    maxUnvoicedFrames: number;
    tailShare: number;
  };
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
  private firstVoiced = -1;
  private lastVoiced = -1;
  /** Highest score of the run so far, and the last frame above its anchor tail share. */
  private peak = 0;
  private lastAudible = -1;

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
      this.markAudible(index, score);
      if (voiced) this.markVoiced(index);
    } else if (inRun && index - this.last > this.rules.hangoverFrames) {
      this.close();
    }
    const anchor = this.rules.anchor;
    if (anchor && this.lastVoiced >= 0 && index - this.lastVoiced > anchor.maxUnvoicedFrames) {
      this.close();
    }
  }

  private markAudible(index: number, score: number): void {
    if (score > this.peak) this.peak = score;
    const share = this.rules.anchor?.tailShare ?? 0;
    if (score > this.peak * share) this.lastAudible = index;
  }

  private markVoiced(index: number): void {
    if (this.firstVoiced < 0) this.firstVoiced = index;
    this.lastVoiced = index;
    this.voiced++;
  }

  /** Closes a run still open at the end of the stream. */
  finish(): void {
    if (this.first >= 0) this.close();
  }

  private close(): void {
    let { first, last } = this;
    const anchor = this.rules.anchor;
    if (anchor && this.voiced > 0) {
      first = Math.max(first, this.firstVoiced - anchor.leadFrames);
      const audible = Math.max(this.lastVoiced, this.lastAudible);
      last = Math.min(last, this.lastVoiced + anchor.tailFrames, audible);
    }
    const kept = !anchor || this.voiced > 0;
    if (kept && last - first + 1 >= this.rules.minRunFrames) this.sink(first, last, this.voiced);
    this.first = -1;
    this.last = -1;
    this.voiced = 0;
    this.firstVoiced = -1;
    this.lastVoiced = -1;
    this.peak = 0;
    this.lastAudible = -1;
  }
}

/** Receives each frame, delayed: its score, whether it anchors speech, whether it is steady. */
export type WindowSink = (score: number, voiced: boolean, steady: boolean) => void;

/** How the window judges moving tonal frames once music is about. */
export interface SteadinessRules {
  /** Frames held back; each frame is judged with `delay` frames either side. */
  readonly delay: number;
  /** Largest share of the window's tonal frames that may be steady. */
  readonly maxSteadyShare: number;
  /** Fewest moving tonal frames the window must hold. */
  readonly minMoving: number;
  /** Share of steady tonal frames, averaged over seconds, above which music is about. */
  readonly musicPresence: number;
  /** Per-frame smoothing factor of that average. */
  readonly presenceAlpha: number;
}

const TONAL = 1;
const STEADY = 2;

/**
 * Holds frames back by `delay` so that each is judged with the tonal frames around it. Where
 * steady tonal frames (held notes, chords) have been common over the last seconds, a moving
 * tonal frame anchors speech only if the frames around it are mostly moving and enough of them
 * move: speech moves throughout, a melody only at its note onsets, which then no longer chain
 * one to the next. Elsewhere (silence, noise, speech alone) every moving tonal frame anchors,
 * so steady vowels and sparse voicing at low SNR keep their recall. Memory: 2*delay+1 frames.
 */
export class SteadinessWindow {
  private readonly size: number;
  private readonly scores: Float64Array;
  private readonly flags: Uint8Array;
  private pushed = 0;
  private emitted = 0;
  private tonal = 0;
  private steady = 0;
  private presence = 0;

  constructor(
    private readonly rules: SteadinessRules,
    private readonly sink: WindowSink,
  ) {
    this.size = 2 * rules.delay + 1;
    this.scores = new Float64Array(this.size);
    this.flags = new Uint8Array(this.size);
  }

  /** True when steady tonal frames have been common over the last seconds: music is about. */
  get musical(): boolean {
    return this.presence > this.rules.musicPresence;
  }

  /** Takes the next frame: score, tonal (voiced-looking), steady (a held note or hum). */
  push(score: number, tonal: boolean, steady: boolean): void {
    if (this.pushed >= this.size) this.forget(this.pushed - this.size);
    const slot = this.pushed % this.size;
    const flag = tonal ? TONAL | (steady ? STEADY : 0) : 0;
    this.scores[slot] = score;
    this.flags[slot] = flag;
    if (tonal) this.tonal++;
    if (flag === (TONAL | STEADY)) this.steady++;
    const alpha = this.rules.presenceAlpha;
    this.presence = alpha * this.presence + (flag === (TONAL | STEADY) ? 1 - alpha : 0);
    this.pushed++;
    if (this.pushed > this.rules.delay) this.emit();
  }

  /** Emits the frames still held back, each judged with what remains after it. */
  finish(): void {
    const oldestCounted = Math.max(0, this.pushed - this.size);
    while (this.emitted < this.pushed) {
      const old = this.emitted - this.rules.delay - 1;
      if (old >= oldestCounted) this.forget(old);
      this.emit();
    }
  }

  private forget(frame: number): void {
    const flag = this.flags[frame % this.size] as number;
    this.flags[frame % this.size] = 0;
    if (flag & TONAL) this.tonal--;
    if (flag === (TONAL | STEADY)) this.steady--;
  }

  private emit(): void {
    const slot = this.emitted % this.size;
    const flag = this.flags[slot] as number;
    const { steady, tonal, rules } = this;
    const musical = this.musical;
    const moving = flag === TONAL;
    const voiced =
      moving &&
      (!musical || (steady <= rules.maxSteadyShare * tonal && tonal - steady >= rules.minMoving));
    this.sink(this.scores[slot] as number, voiced, flag === (TONAL | STEADY));
    this.emitted++;
  }
}

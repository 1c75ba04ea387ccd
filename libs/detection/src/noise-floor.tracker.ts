/** Per-frame smoothing factor for a time constant, so behaviour does not depend on the hop. */
function decay(hopSeconds: number, tauSeconds: number): number {
  return Math.exp(-hopSeconds / tauSeconds);
}

/**
 * Time constant with which the estimate follows frames the caller knows to be noise although
 * they stand above the floor (noise whose level rises): MCRA alone would wait for its minimum
 * window, and meanwhile the louder noise would read as speech.
 */
const FOLLOW_SECONDS = 1.2;

/** Share of the bootstrap frames, quietest first, that seed the noise estimate. */
const QUIETEST_SHARE = 0.2;

/**
 * Longest a bin is held back for standing well above the estimate itself (see `update`), once
 * the minimum no longer holds it: a lasting change of noise level or colour is then learned at
 * most a second later than MCRA alone would. 0.5-5 s scored alike on the training half.
 */
const HOLD_SECONDS = 1;

/**
 * Per-bin noise power estimate by Minima-Controlled Recursive Averaging (Cohen & Berdugo, IEEE
 * SPL 2002): the power is smoothed over time, its minimum is tracked over a sliding window of
 * 1-2 s, and where the smoothed power stands well above that minimum speech is deemed present
 * and the noise estimate is frozen; elsewhere it follows the power. It therefore follows a
 * slowly changing noise floor of any colour and level, and never learns steady speech as noise
 * faster than the minimum window allows. Speech that fills a bin for longer than that window
 * (a vowel-rich utterance) would still be learned once the minimum catches up with it, so a bin
 * standing as far above the current estimate as the presence test asks is held as well.
 */
export class NoiseFloorTracker {
  /** Current noise power per bin (read by the scorer before `update`). */
  readonly noise: Float64Array;
  private readonly smoothed: Float64Array;
  private readonly minimum: Float64Array;
  private readonly candidate: Float64Array;
  private readonly presence: Float64Array;
  /** Frames each bin has been held back for standing well above the estimate. */
  private readonly held: Uint16Array;
  private readonly alphaSmooth: number;
  private readonly alphaNoise: number;
  private readonly alphaPresence: number;
  private readonly alphaFollow: number;
  private readonly windowFrames: number;
  private readonly holdFrames: number;
  private frames = 0;

  constructor(
    private readonly bins: number,
    hopSeconds: number,
    private readonly presenceRatio = 5,
  ) {
    this.noise = new Float64Array(bins);
    this.smoothed = new Float64Array(bins);
    this.minimum = new Float64Array(bins);
    this.candidate = new Float64Array(bins);
    this.presence = new Float64Array(bins);
    this.held = new Uint16Array(bins);
    this.alphaSmooth = decay(hopSeconds, 0.045);
    this.alphaNoise = decay(hopSeconds, 0.2);
    this.alphaPresence = decay(hopSeconds, 0.0062);
    this.alphaFollow = decay(hopSeconds, FOLLOW_SECONDS);
    this.windowFrames = Math.max(8, Math.round(1 / hopSeconds));
    this.holdFrames = Math.round(HOLD_SECONDS / hopSeconds);
  }

  /**
   * Seeds every statistic from the quietest frames of a sample (`rows` spectra of `bins`
   * values, row after row), smoothed across neighbouring bins to tame periodogram variance.
   */
  initialize(spectra: Float32Array, rows: number): void {
    const bins = this.bins;
    const energies = Array.from({ length: rows }, (_, r) => {
      let sum = 0;
      for (let k = 0; k < bins; k++) sum += spectra[r * bins + k] as number;
      return { r, sum };
    }).sort((a, b) => a.sum - b.sum);
    const quiet = energies.slice(0, Math.max(1, Math.ceil(rows * QUIETEST_SHARE)));
    const mean = new Float64Array(bins);
    for (const { r } of quiet) {
      for (let k = 0; k < bins; k++)
        mean[k] = (mean[k] as number) + (spectra[r * bins + k] as number);
    }
    for (let k = 0; k < bins; k++) {
      const left = mean[Math.max(0, k - 1)] as number;
      const right = mean[Math.min(bins - 1, k + 1)] as number;
      const value = (0.25 * left + 0.5 * (mean[k] as number) + 0.25 * right) / quiet.length;
      this.noise[k] = value;
      this.smoothed[k] = value;
      this.minimum[k] = value;
      this.candidate[k] = value;
    }
    this.presence.fill(0);
    this.held.fill(0);
  }

  /**
   * Folds one frame's power spectrum into the estimate; `noiseLike` says the frame is known to
   * be noise (spectrally flat once whitened), so the estimate follows it even when it is loud.
   * `holdLoud` false lets MCRA alone decide what is learned (bins far above the estimate too).
   */
  update(power: Float64Array, noiseLike = false, holdLoud = true): void {
    const { noise, smoothed, minimum, candidate, presence, alphaSmooth, alphaNoise } = this;
    const { alphaPresence, alphaFollow } = this;
    const ratio = this.presenceRatio;
    const holdAbove = holdLoud ? ratio : Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.bins; k++) {
      const p = power[k] as number;
      const s = alphaSmooth * (smoothed[k] as number) + (1 - alphaSmooth) * p;
      smoothed[k] = s;
      const previousMinimum = minimum[k] as number;
      const m = s < previousMinimum ? s : previousMinimum;
      minimum[k] = m;
      if (s < (candidate[k] as number)) candidate[k] = s;
      const indicated = s > ratio * m;
      const present = alphaPresence * (presence[k] as number) + (indicated ? 1 - alphaPresence : 0);
      presence[k] = present;
      // Freeze at once when this frame indicates speech; the smoothed probability only governs
      // the release, so the first frames of a loud onset do not leak into the estimate. Written
      // as branches, not one blended factor: a conditional that mixes this.alphaFollow with a
      // computed double made V8 box a number per bin (garbage on every frame).
      if (noiseLike) noise[k] = alphaFollow * (noise[k] as number) + (1 - alphaFollow) * p;
      // Once speech has filled a bin for longer than the minimum window, the minimum has caught
      // up and no longer indicates it; learning it then bent the estimate's shape, and the noise
      // after the utterance read as voiced. Such a bin is held, for a while only.
      else if (!indicated && this.released(k, s > holdAbove * (noise[k] as number))) {
        const a = alphaNoise + (1 - alphaNoise) * present;
        noise[k] = a * (noise[k] as number) + (1 - a) * p;
      }
    }
    if (++this.frames % this.windowFrames === 0) this.restartWindow();
  }

  /** Counts the frames bin `k` has stood far above the estimate; true when it may be learned. */
  private released(k: number, loud: boolean): boolean {
    const count = this.held[k] as number;
    if (!loud && count === 0) return true;
    const next = !loud ? 0 : count > this.holdFrames ? count : count + 1;
    this.held[k] = next;
    return next === 0 || next > this.holdFrames;
  }

  private restartWindow(): void {
    for (let k = 0; k < this.bins; k++) {
      const s = this.smoothed[k] as number;
      this.minimum[k] = Math.min(this.candidate[k] as number, s);
      this.candidate[k] = s;
    }
  }
}

/**
 * Spectral flux of the speech band, normalised per band by the frame pair's power plus twice the
 * noise estimate, then smoothed over time: about 0.25 for noise (periodogram variance), near 0
 * for a held note or a hum (the same partials frame after frame), and 0.3-0.6 for speech, whose
 * harmonics glide with the pitch and whose formants move from one phone to the next. Sustained
 * music is tonal like voiced speech but steady, and this is what tells them apart.
 */
export class SpectralFluxTracker {
  private readonly previous: Float64Array;
  private readonly alpha: number;
  private smoothedFlux = NEUTRAL_FLUX;

  constructor(
    private readonly bands: number,
    hopSeconds: number,
  ) {
    this.previous = new Float64Array(bands);
    this.alpha = Math.exp(-hopSeconds / SMOOTHING_SECONDS);
  }

  /** Smoothed flux as of the last measured frame. */
  get flux(): number {
    return this.smoothedFlux;
  }

  /** Measures this frame against the previous one and folds it into the smoothed flux. */
  measure(power: Float64Array, noise: Float64Array): number {
    const { previous, bands } = this;
    let sum = 0;
    for (let k = 0; k < bands; k++) {
      const p = power[k] as number;
      const q = previous[k] as number;
      const d = p - q;
      sum += (d < 0 ? -d : d) / (p + q + 2 * (noise[k] as number) + TINY);
    }
    const flux = bands > 0 ? sum / bands : NEUTRAL_FLUX;
    this.smoothedFlux = this.alpha * this.smoothedFlux + (1 - this.alpha) * flux;
    return this.smoothedFlux;
  }

  /** Remembers this frame's power for the next measurement (every frame, measured or not). */
  keep(power: Float64Array): void {
    this.previous.set(power.length === this.bands ? power : power.subarray(0, this.bands));
  }
}

/** Time constant of the smoothing: a few frames, shorter than a syllable. */
const SMOOTHING_SECONDS = 0.07;

/** Flux of noise, where the estimate starts. */
const NEUTRAL_FLUX = 0.25;

/** Guards 0/0 in digital silence. */
const TINY = 1e-30;

import type { AnalysisPlan } from './analysis-plan';
import { RealFft } from './fft';

/**
 * Adjacent FFT bins averaged into one band. Hann-windowed neighbours are strongly correlated
 * anyway, so pairs of a 32 ms window (~62 Hz, Sohn's resolution at 8 kHz) lose little of the
 * harmonic detail, halve the periodogram's variance, and halve every per-band cost downstream.
 */
const BINS_PER_BAND = 2;

/**
 * Turns one analysis frame into its power spectrum over the speech band: Hann window, real FFT,
 * |X|^2 averaged over pairs of bins and scaled so that white noise of variance s^2 reads s^2 in
 * every band (levels are then comparable across FFT sizes and sample rates).
 */
export class SpectralAnalyzer {
  /** Bands (pairs of bins) in the speech band; 0 at very low sample rates. */
  readonly bands: number;
  private readonly fft: RealFft;
  private readonly spectrum: Float64Array;
  private readonly scale: number;
  private readonly from: number;

  constructor(plan: AnalysisPlan) {
    const n = plan.fftSize;
    const window = new Float64Array(n);
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
      window[i] = w;
      energy += w * w;
    }
    this.fft = new RealFft(n, window);
    this.scale = 1 / (energy * BINS_PER_BAND);
    this.spectrum = new Float64Array(n / 2 + 1);
    this.from = plan.bandFrom;
    this.bands = Math.max(0, Math.floor((plan.bandTo - plan.bandFrom + 1) / BINS_PER_BAND));
  }

  /** Writes the speech band's power spectrum of `frame` (fftSize samples) into `out[0..bands)`. */
  analyze(frame: Float64Array, out: Float64Array): void {
    const { spectrum, scale, from, bands } = this;
    if (bands === 0) return;
    this.fft.power(frame, spectrum, from, from + bands * BINS_PER_BAND - 1);
    for (let k = 0, i = from; k < bands; k++, i += BINS_PER_BAND) {
      out[k] = ((spectrum[i] as number) + (spectrum[i + 1] as number)) * scale;
    }
  }
}

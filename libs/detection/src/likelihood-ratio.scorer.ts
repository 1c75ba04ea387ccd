// Bound once: in Jest's vm contexts every global lookup (Math) in a hot loop is ~50x slower.
// max(), not a conditional, clamps the noise estimate: a conditional between a typed-array
// element and a field made V8 box a number per bin (garbage on every frame).
const { log, abs, max } = Math;

/** Smoothing of the decision-directed a-priori SNR (Ephraim & Malah 1984). */
const DECISION_DIRECTED = 0.98;
/** Floor of the a-priori SNR (-15 dB): keeps noise-only bins from scoring. */
const MIN_PRIOR_SNR = 10 ** (-15 / 10);
/** Cap of the a-posteriori SNR, so products of (1 + xi) over 32 bins stay finite (< 1e161). */
const MAX_POSTERIOR_SNR = 1e5;

/**
 * Statistical model-based voice activity score (Sohn, Kim & Sung, IEEE SPL 1999): with speech
 * and noise modelled as independent Gaussian spectral components, the log likelihood ratio of
 * "speech present" in bin k is  gamma*xi/(1+xi) - ln(1+xi), with gamma the a-posteriori SNR
 * (power / noise) and xi the a-priori SNR estimated decision-directed. The frame score is the
 * mean over the speech band: ~0 for noise of any level or colour once the noise is tracked,
 * and large for harmonic, formant-shaped energy above it.
 */
export class LikelihoodRatioScorer {
  private readonly previous: Float64Array;

  constructor(
    private readonly bins: number,
    private readonly floorPower: number,
  ) {
    this.previous = new Float64Array(bins);
  }

  /** Scores one frame's band power against the noise estimate. */
  score(power: Float64Array, noise: Float64Array): number {
    const { previous, bins, floorPower } = this;
    let linear = 0;
    let logs = 0;
    let product = 1;
    for (let k = 0; k < bins; k++) {
      const estimate = noise[k] as number;
      const ratio = (power[k] as number) / max(estimate, floorPower);
      const gamma = ratio < MAX_POSTERIOR_SNR ? ratio : MAX_POSTERIOR_SNR;
      // max(x, 0) as (x + |x|) / 2: branch-free, because on noise these signs are coin flips
      // and mispredicted branches cost more than the rest of the loop body.
      const above = gamma - 1;
      const excess = 0.5 * (above + abs(above));
      const prior =
        DECISION_DIRECTED * (previous[k] as number) +
        (1 - DECISION_DIRECTED) * excess -
        MIN_PRIOR_SNR;
      const xi = MIN_PRIOR_SNR + 0.5 * (prior + abs(prior));
      const gain = xi / (1 + xi);
      linear += gamma * gain;
      product *= 1 + xi;
      // One logarithm per 32 bins instead of per bin (two per frame at 8 kHz): the product
      // cannot overflow before that, and logarithms cost more than the rest of the loop.
      if ((k & 31) === 31) {
        logs += log(product);
        product = 1;
      }
      previous[k] = gain * gain * gamma;
    }
    logs += log(product);
    return bins > 0 ? (linear - logs) / bins : 0;
  }

  /**
   * Spectral flatness (geometric / arithmetic mean, in dB) of the spectrum whitened by the noise
   * estimate, i.e. of the a-posteriori SNRs. Noise of any colour, and a noise floor that drifts
   * in level, read a dB or two below 0 (the flatness of a periodogram); voiced speech, with its
   * energy in harmonics and formants, reads far lower. Moattar & Homayounpour (2009) use the raw
   * spectrum's flatness, which depends on the noise colour; whitening first removes that.
   */
  whitenedFlatnessDb(power: Float64Array, noise: Float64Array): number {
    const { bins, floorPower } = this;
    if (bins === 0) return 0;
    let sum = 0;
    let logs = 0;
    let product = 1;
    for (let k = 0; k < bins; k++) {
      const estimate = noise[k] as number;
      const ratio = (power[k] as number) / max(estimate, floorPower);
      const gamma = ratio < 1e-6 ? 1e-6 : ratio < MAX_POSTERIOR_SNR ? ratio : MAX_POSTERIOR_SNR;
      sum += gamma;
      product *= gamma;
      // As in score(): one logarithm per 32 bins; 32 factors in [1e-6, 1e5] stay normal and finite.
      if ((k & 31) === 31) {
        logs += log(product);
        product = 1;
      }
    }
    logs += log(product);
    return (10 / Math.LN10) * (logs / bins - log(sum / bins));
  }
}

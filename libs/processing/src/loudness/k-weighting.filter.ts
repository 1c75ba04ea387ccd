/** Coefficients of one biquad section, normalised so that a0 = 1. */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

// BS.1770's two stages as analogue prototypes (after libebur128), so that the bilinear transform
// can place them at any sample rate; at 48 kHz they reproduce the standard's coefficients.
const SHELF = { f0: 1681.974450955533, gainDb: 3.999843853973347, q: 0.7071752369554196 };
const HIGHPASS = { f0: 38.13547087602444, q: 0.5003270373238773 };

/** Stage 1 of K-weighting: the +4 dB high shelf that models the head, at `sampleRate`. */
export function shelfCoefficients(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * SHELF.f0) / sampleRate);
  const vh = 10 ** (SHELF.gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / SHELF.q + k * k;
  return {
    b0: (vh + (vb * k) / SHELF.q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / SHELF.q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / SHELF.q + k * k) / a0,
  };
}

/** Stage 2 of K-weighting: the RLB high-pass (about 38 Hz), at `sampleRate`. */
export function highpassCoefficients(sampleRate: number): BiquadCoefficients {
  const k = Math.tan((Math.PI * HIGHPASS.f0) / sampleRate);
  const a0 = 1 + k / HIGHPASS.q + k * k;
  return {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / HIGHPASS.q + k * k) / a0,
  };
}

// Below this the filter state is flushed to zero: subnormal doubles are very slow on x86.
const DENORMAL = 1e-30;

/** One channel's streaming K-weighting filter (two biquads in transposed direct form II). */
export class KWeightingFilter {
  private readonly shelf: BiquadCoefficients;
  private readonly highpass: BiquadCoefficients;
  private s1 = 0;
  private s2 = 0;
  private h1 = 0;
  private h2 = 0;

  constructor(readonly sampleRate: number) {
    this.shelf = shelfCoefficients(sampleRate);
    this.highpass = highpassCoefficients(sampleRate);
  }

  /** Filters `count` samples read at data[offset + k*stride]; returns the sum of their squares. */
  sumSquares(data: Float32Array, offset: number, stride: number, count: number): number {
    const { b0, b1, b2, a1, a2 } = this.shelf;
    const { b0: c0, b1: c1, b2: c2, a1: d1, a2: d2 } = this.highpass;
    let { s1, s2, h1, h2 } = this;
    let sum = 0;
    for (let k = 0, i = offset; k < count; k++, i += stride) {
      const x = data[i] as number;
      const y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      const z = c0 * y + h1;
      h1 = c1 * y - d1 * z + h2;
      h2 = c2 * y - d2 * z;
      sum += z * z;
    }
    this.s1 = Math.abs(s1) < DENORMAL ? 0 : s1;
    this.s2 = Math.abs(s2) < DENORMAL ? 0 : s2;
    this.h1 = Math.abs(h1) < DENORMAL ? 0 : h1;
    this.h2 = Math.abs(h2) < DENORMAL ? 0 : h2;
    return sum;
  }
}

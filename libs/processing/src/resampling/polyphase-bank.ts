import { KaiserWindow, kaiserBeta, kaiserLength, sinc } from './kaiser-window';

/** A low-pass design, as fractions of the lower of the two Nyquist frequencies. */
export interface LowpassSpec {
  /** Edge of the passband (flat response below it), e.g. 0.9. */
  readonly passband: number;
  /** Start of the stopband (attenuated by at least `attenuationDb` above it), e.g. 1.0. */
  readonly stopband: number;
  /** Stopband attenuation in dB. */
  readonly attenuationDb: number;
}

/** Anti-aliasing default: flat to 0.9 x Nyquist, >= 90 dB down from Nyquist on. */
export const DEFAULT_LOWPASS: LowpassSpec = Object.freeze({
  passband: 0.9,
  stopband: 1.0,
  attenuationDb: 90,
});

/** Most coefficients a bank may hold (4 MB of float32); past it, phases are interpolated. */
export const MAX_BANK_COEFFICIENTS = 1 << 20;

/**
 * The windowed-sinc prototype cut into phases. Row p (0..phases) holds the taps for an output
 * that falls p/phases of an input sample after input `q`, applied to x[q-halfWidth ..
 * q+halfWidth]. Row `phases` is the next sample's row 0, so neighbours can be interpolated.
 */
export interface PolyphaseBank {
  readonly phases: number;
  readonly taps: number;
  readonly halfWidth: number;
  /** True when `phases` equals the interpolation factor: every output uses one exact row. */
  readonly exact: boolean;
  readonly coefficients: Float32Array;
}

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

// Banks are immutable, and a worker thread tends to see the same few rate pairs job after job.
const cache = new Map<string, PolyphaseBank>();
const CACHE_SIZE = 4;

/** The bank for these parameters, from a small per-thread cache or freshly built. */
export function polyphaseBank(
  inputRate: number,
  up: number,
  down: number,
  spec: LowpassSpec,
): PolyphaseBank {
  const key = [inputRate, up, down, spec.passband, spec.stopband, spec.attenuationDb].join(':');
  const cached = cache.get(key);
  if (cached) return cached;
  const bank = buildPolyphaseBank(inputRate, up, down, spec);
  const oldest = cache.keys().next().value;
  if (cache.size >= CACHE_SIZE && oldest !== undefined) cache.delete(oldest);
  cache.set(key, bank);
  return bank;
}

/** Designs the bank for resampling by up/down (reduced) from `inputRate`. */
export function buildPolyphaseBank(
  inputRate: number,
  up: number,
  down: number,
  spec: LowpassSpec,
): PolyphaseBank {
  const nyquist = Math.min(inputRate, (inputRate * up) / down) / 2;
  const transition = ((spec.stopband - spec.passband) * nyquist) / inputRate;
  const cutoff = ((spec.passband + spec.stopband) / 2) * (nyquist / inputRate);
  // halfWidth >= down/up keeps the samples an output needs inside the history buffer.
  const halfWidth = Math.max(
    Math.ceil(kaiserLength(spec.attenuationDb, transition) / 2),
    Math.ceil(down / up),
  );
  const taps = 2 * halfWidth + 1;
  const exact = up * taps <= MAX_BANK_COEFFICIENTS;
  const phases = exact ? up : Math.max(1, Math.floor(MAX_BANK_COEFFICIENTS / taps) - 1);
  const window = new KaiserWindow(halfWidth, kaiserBeta(spec.attenuationDb));
  const coefficients = new Float32Array((phases + 1) * taps);
  const row = new Float64Array(taps);
  for (let p = 0; p <= phases; p++) {
    let sum = 0;
    for (let i = 0; i < taps; i++) {
      const t = p / phases + halfWidth - i;
      const h = 2 * cutoff * sinc(2 * cutoff * t) * window.at(t);
      row[i] = h;
      sum += h;
    }
    // Unit DC gain per phase: otherwise the window's ripple would modulate the level by phase.
    for (let i = 0; i < taps; i++) coefficients[p * taps + i] = (row[i] as number) / sum;
  }
  return { phases, taps, halfWidth, exact, coefficients };
}

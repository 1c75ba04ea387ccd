import { InvalidVadOptionsError } from './invalid-vad-options.error';

/**
 * Tuning of the detector. Same shape as `VadOptions` in @jobmill/contracts (validated there by
 * `vadOptionsSchema`); declared here because domain libraries depend on nothing of ours.
 */
export interface VadOptions {
  /** 0..1: higher finds quieter speech at the cost of more false alarms. */
  sensitivity?: number;
  /** Shortest speech segment kept, in ms. */
  minSpeechMs?: number;
  /** Gaps shorter than this are bridged, in ms. */
  minSilenceMs?: number;
  /** Added before and after each segment, in ms. */
  paddingMs?: number;
}

/** Every option filled in. */
export type ResolvedVadOptions = Readonly<Required<VadOptions>>;

/**
 * Defaults, chosen on the training half of the benchmark corpus (`npm run bench:detection`:
 * espeak-ng speech in white, pink, brown and level-modulated noise at clean/20/10/5 dB SNR).
 */
export const DEFAULT_VAD_OPTIONS: ResolvedVadOptions = Object.freeze({
  sensitivity: 0.9,
  minSpeechMs: 250,
  minSilenceMs: 300,
  paddingMs: 10,
});

const RANGES: Readonly<Record<keyof VadOptions, readonly [number, number]>> = {
  sensitivity: [0, 1],
  minSpeechMs: [0, 10_000],
  minSilenceMs: [0, 10_000],
  paddingMs: [0, 2_000],
};

/** Fills in defaults and re-checks ranges (the schema already did; this guards direct callers). */
export function resolveVadOptions(options: VadOptions = {}): ResolvedVadOptions {
  const resolved = { ...DEFAULT_VAD_OPTIONS };
  for (const [key, [min, max]] of Object.entries(RANGES) as [
    keyof VadOptions,
    [number, number],
  ][]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidVadOptionsError(
        `${key} must be a number in [${min}, ${max}], got ${String(value)}`,
      );
    }
    resolved[key] = value;
  }
  return Object.freeze(resolved);
}

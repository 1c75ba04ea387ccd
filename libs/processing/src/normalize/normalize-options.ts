import { InvalidNormalizeOptionsError } from '../errors/invalid-normalize-options.error';
import { AUDIO_LIMITS } from '../audio-block';

/** Options of `processing.normalize` (mirrors the contract's schema; this lib imports none). */
export interface NormalizeOptions {
  /** Output sample rate in Hz. */
  readonly sampleRate: number;
  /** Integrated loudness target, LUFS (BS.1770-4). */
  readonly targetLufs: number;
  /** Peak ceiling in dBFS (measured as 4x-oversampled true peak) that the gain never exceeds. */
  readonly truePeakDb: number;
}

/** The job's defaults: 16 kHz, -23 LUFS (EBU R128), -1 dBTP. */
export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = Object.freeze({
  sampleRate: 16000,
  targetLufs: -23,
  truePeakDb: -1,
});

const inRange = (value: number, min: number, max: number): boolean =>
  Number.isFinite(value) && value >= min && value <= max;

/** Fills in defaults and checks ranges (those of the contract, rates 8..192 kHz). */
export function resolveNormalizeOptions(options: Partial<NormalizeOptions> = {}): NormalizeOptions {
  const {
    sampleRate = DEFAULT_NORMALIZE_OPTIONS.sampleRate,
    targetLufs = DEFAULT_NORMALIZE_OPTIONS.targetLufs,
    truePeakDb = DEFAULT_NORMALIZE_OPTIONS.truePeakDb,
  } = options;
  if (
    !Number.isInteger(sampleRate) ||
    !inRange(sampleRate, AUDIO_LIMITS.minRate, AUDIO_LIMITS.maxRate)
  ) {
    throw new InvalidNormalizeOptionsError(
      `sampleRate ${sampleRate} is not an integer in 8000..192000`,
    );
  }
  if (!inRange(targetLufs, -70, -5)) {
    throw new InvalidNormalizeOptionsError(`targetLufs ${targetLufs} is outside -70..-5`);
  }
  if (!inRange(truePeakDb, -20, 0)) {
    throw new InvalidNormalizeOptionsError(`truePeakDb ${truePeakDb} is outside -20..0`);
  }
  return Object.freeze({ sampleRate, targetLufs, truePeakDb });
}

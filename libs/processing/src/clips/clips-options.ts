import { AUDIO_LIMITS } from '../audio-block';
import { InvalidClipsOptionsError } from '../errors/invalid-clips-options.error';

/** Options of `processing.clips` (mirrors the contract's schema; this lib imports none). */
export interface ClipsOptions {
  /** Audio kept before and after each segment, in milliseconds. */
  readonly paddingMs: number;
  /** The clips' sample rate in Hz. */
  readonly sampleRate: number;
}

/** Largest padding accepted, as in the contract: 10 s either side. */
export const MAX_CLIP_PADDING_MS = 10_000;

/** Fills in defaults (no padding; the source's rate, so nothing is resampled) and checks ranges. */
export function resolveClipsOptions(
  options: Partial<ClipsOptions>,
  sourceRate: number,
): ClipsOptions {
  const { paddingMs = 0, sampleRate = sourceRate } = options;
  if (!Number.isInteger(paddingMs) || paddingMs < 0 || paddingMs > MAX_CLIP_PADDING_MS) {
    throw new InvalidClipsOptionsError(
      `paddingMs ${paddingMs} is not an integer in 0..${MAX_CLIP_PADDING_MS}`,
    );
  }
  if (
    !Number.isInteger(sampleRate) ||
    sampleRate < AUDIO_LIMITS.minRate ||
    sampleRate > AUDIO_LIMITS.maxRate
  ) {
    throw new InvalidClipsOptionsError(
      `sampleRate ${sampleRate} is not an integer in ${AUDIO_LIMITS.minRate}..${AUDIO_LIMITS.maxRate}`,
    );
  }
  return Object.freeze({ paddingMs, sampleRate });
}

import { InvalidAudioFormatError } from './errors/invalid-audio-format.error';

/**
 * A block of decoded float samples: planar (one array per channel, equal lengths) or
 * interleaved (one array, frame after frame). For mono both forms are the same array.
 */
export type AudioBlock = Float32Array | readonly Float32Array[];

/** Lowest and highest input sample rate (Hz) and the most channels the stages accept. */
export const AUDIO_LIMITS = Object.freeze({ minRate: 8000, maxRate: 192000, maxChannels: 8 });

/** Throws unless `rate` is an integer in 8..192 kHz and `channels` is 1..8. */
export function assertAudioFormat(rate: number, channels: number): void {
  if (!Number.isInteger(rate) || rate < AUDIO_LIMITS.minRate || rate > AUDIO_LIMITS.maxRate) {
    throw new InvalidAudioFormatError(
      `sample rate ${rate} Hz is outside ${AUDIO_LIMITS.minRate}..${AUDIO_LIMITS.maxRate}`,
    );
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > AUDIO_LIMITS.maxChannels) {
    throw new InvalidAudioFormatError(
      `channel count ${channels} is outside 1..${AUDIO_LIMITS.maxChannels}`,
    );
  }
}

/** Number of frames in a block; throws if its shape does not match `channels`. */
export function frameCount(block: AudioBlock, channels: number): number {
  if (block instanceof Float32Array) {
    if (block.length % channels !== 0) {
      throw new InvalidAudioFormatError(
        `interleaved block of ${block.length} samples is not a whole number of ${channels}-channel frames`,
      );
    }
    return block.length / channels;
  }
  if (block.length !== channels) {
    throw new InvalidAudioFormatError(
      `planar block has ${block.length} channels, expected ${channels}`,
    );
  }
  const frames = block[0]?.length ?? 0;
  if (block.some((channel) => channel.length !== frames)) {
    throw new InvalidAudioFormatError('planar block has channels of different lengths');
  }
  return frames;
}

/** Where channel `c` of a block lives: its array, first index and step between frames. */
export interface ChannelView {
  readonly data: Float32Array;
  readonly offset: number;
  readonly stride: number;
}

/** A strided view of one channel, so planar and interleaved blocks share one code path. */
export function channelView(block: AudioBlock, channels: number, c: number): ChannelView {
  if (block instanceof Float32Array) return { data: block, offset: c, stride: channels };
  const data = block[c];
  if (!data) throw new InvalidAudioFormatError(`planar block has no channel ${c}`);
  return { data, offset: 0, stride: 1 };
}

import { createReadStream } from 'node:fs';
import { decodeWavStream, type WavFormat } from '@jobmill/audio';

/** What the clips job needs to know of its source before it cuts: format and length. */
export interface ClipsSource {
  readonly format: WavFormat;
  readonly frames: number;
}

/** The decoded blocks of a WAV file, read in 64 KiB slices: never the whole file at once. */
export const wavBlocks = (inputPath: string) =>
  decodeWavStream(createReadStream(inputPath, { highWaterMark: 1 << 16 }));

/**
 * Reads the header for the format and length. A WAV written as a stream declares no length;
 * then its frames are counted in one decoding pass (rare, and memory stays constant).
 */
export async function probeSource(inputPath: string): Promise<ClipsSource> {
  let format: WavFormat | undefined;
  let frames = 0;
  for await (const block of wavBlocks(inputPath)) {
    format ??= block.format;
    if (format.totalFrames !== undefined) return { format, frames: format.totalFrames };
    frames += block.frameCount;
  }
  if (!format) {
    throw Object.assign(new Error('The WAV file has no audio frames.'), {
      code: 'EMPTY_AUDIO',
      kind: 'permanent',
      retryable: false,
    });
  }
  return { format, frames };
}

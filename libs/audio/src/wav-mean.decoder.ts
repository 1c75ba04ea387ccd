import { meanReaderFor, type MeanReader } from './pcm-sample.readers';
import { WavUnitDecoder, type UnitLayout, type WavDecoderOptions } from './wav-decoder';
import type { WavFormat } from './wav-format';

/** One run of mono means decoded from whole runs of frames. */
export interface MeanBlock {
  /** Each value the mean of `framesPerMean` consecutive frames over every channel. */
  readonly means: Float64Array;
  /** Input frames these means stand for: `means.length * framesPerMean`. */
  readonly frameCount: number;
  /** Index of the first of those frames since the start of the audio. */
  readonly startFrame: number;
  readonly format: WavFormat;
}

/**
 * Streaming WAV decoder that mixes channels down and averages runs of frames in the same pass
 * over the bytes, for analysis that wants mono audio at a fraction of the rate (the mean is a
 * cheap anti-aliasing filter). The run length is picked once the format is known. A run cut by
 * the end of the file is left out of the means (`framesSeen` still counts its frames).
 */
export class WavMeanDecoder extends WavUnitDecoder<Float64Array> {
  private framesOut = 0;
  private perMean = 1;

  constructor(
    private readonly framesPerMean: (format: WavFormat) => number,
    options: WavDecoderOptions = {},
  ) {
    super(options.reuseBuffer ?? false);
  }

  /** Feeds the next slice of the file; returns the means of the runs it completed, if any. */
  push(chunk: Uint8Array): MeanBlock | undefined {
    const decoded = this.pushUnits(chunk, 'WavMeanDecoder');
    if (!decoded) return undefined;
    const frameCount = decoded.units * this.perMean;
    const block = {
      means: decoded.values,
      frameCount,
      startFrame: this.framesOut,
      format: this.format as WavFormat,
    };
    this.framesOut += frameCount;
    return block;
  }

  protected layoutFor(format: WavFormat): UnitLayout<Float64Array> {
    const frames = this.framesPerMean(format);
    if (!Number.isInteger(frames) || frames < 1) {
      throw new RangeError(`framesPerMean must be a positive integer, got ${frames}`);
    }
    this.perMean = frames;
    const { encoding, bitsPerSample, blockAlign, channels } = format;
    const read = meanReaderFor(encoding, bitsPerSample, frames * channels) as MeanReader;
    return { unitBytes: blockAlign * frames, valuesPerUnit: 1, read };
  }

  protected allocate(length: number): Float64Array {
    return new Float64Array(length);
  }
}

import { MalformedWavError } from './malformed-wav.error';
import { sampleReaderFor, type SampleReader } from './pcm-sample.readers';
import type { WavFormat } from './wav-format';
import { WavHeaderParser } from './wav-header.parser';

/** One run of decoded frames, as floats in [-1, 1) (float files may exceed that range). */
export interface DecodedBlock {
  /** Interleaved samples: `frameCount * format.channels` values. */
  readonly samples: Float32Array;
  readonly frameCount: number;
  /** Index of this block's first frame since the start of the audio. */
  readonly startFrame: number;
  readonly format: WavFormat;
}

/** A whole file decoded at once (tests and small inputs). */
export interface DecodedWav {
  readonly format: WavFormat;
  /** Interleaved samples: `frameCount * format.channels` values. */
  readonly samples: Float32Array;
  readonly frameCount: number;
}

/** How a WavDecoder hands out samples. */
export interface WavDecoderOptions {
  /**
   * Decode every block into one growing buffer instead of a fresh array: no allocation or
   * garbage per block, for callers that consume each block before the next `push` (a block's
   * `samples` are overwritten by the next one). Default false.
   */
  readonly reuseBuffer?: boolean;
}

/** How a decoder turns whole units of data bytes (a frame, or a run of frames) into values. */
export interface UnitLayout<T extends Float32Array | Float64Array> {
  readonly unitBytes: number;
  readonly valuesPerUnit: number;
  /** Writes the values of `units` units starting at byte `offset` of `src` into `dst[at..]`. */
  read(src: Uint8Array, offset: number, units: number, dst: T, at: number): void;
}

/**
 * Streaming core shared by the decoders: header parsing, the data chunk's declared length, and
 * a unit cut by a slice boundary carried over to the next slice. Memory stays constant: the
 * carry holds less than one unit, and nothing else of the file is retained.
 */
export abstract class WavUnitDecoder<T extends Float32Array | Float64Array> {
  private readonly header = new WavHeaderParser();
  private layout: UnitLayout<T> | undefined;
  private parsed: WavFormat | undefined;
  private remaining = Number.POSITIVE_INFINITY;
  private carry = new Uint8Array(0);
  private carryLen = 0;
  private dataBytesSeen = 0;
  private ended = false;
  private scratch: T | undefined;

  constructor(private readonly reuse: boolean) {}

  /** The format, once the header has been read. */
  get format(): WavFormat | undefined {
    return this.parsed;
  }

  /** Whole frames of audio data received so far, including any an unfinished unit holds. */
  get framesSeen(): number {
    return this.parsed ? Math.floor(this.dataBytesSeen / this.parsed.blockAlign) : 0;
  }

  /** Marks the end of input; throws MalformedWavError if the file turned out to be incomplete. */
  end(): void {
    this.ended = true;
    const format = this.parsed;
    if (!format) return this.header.finish();
    if (format.dataBytes !== undefined && this.remaining > 0) {
      throw new MalformedWavError(
        `data chunk size larger than the file (declares ${format.dataBytes} bytes, ` +
          `the file holds ${this.dataBytesSeen})`,
      );
    }
  }

  protected abstract layoutFor(format: WavFormat): UnitLayout<T>;
  protected abstract allocate(length: number): T;

  /** Feeds the next slice; returns the values of the units it completed, and their count. */
  protected pushUnits(chunk: Uint8Array, name: string): { values: T; units: number } | undefined {
    if (this.ended) throw new Error(`${name}.push() called after end()`);
    let at = 0;
    if (!this.layout) {
      at = this.header.feed(chunk);
      const format = this.header.format;
      if (!format) return undefined;
      this.parsed = format;
      this.layout = this.layoutFor(format);
      this.carry = new Uint8Array(this.layout.unitBytes);
      this.remaining = format.dataBytes ?? Number.POSITIVE_INFINITY;
    }
    return this.decode(chunk, at, this.layout);
  }

  private decode(chunk: Uint8Array, at: number, layout: UnitLayout<T>) {
    const avail = Math.min(chunk.length - at, this.remaining);
    if (avail <= 0) return undefined;
    this.remaining -= avail;
    this.dataBytesSeen += avail;
    const { unitBytes, valuesPerUnit } = layout;
    const units = Math.floor((this.carryLen + avail) / unitBytes);
    if (units === 0) return this.keep(chunk, at, avail);
    const values = this.output(units * valuesPerUnit);
    let src = at;
    let done = 0;
    if (this.carryLen > 0) {
      const fill = unitBytes - this.carryLen;
      this.carry.set(chunk.subarray(src, src + fill), this.carryLen);
      layout.read(this.carry, 0, 1, values, 0);
      this.carryLen = 0;
      src += fill;
      done = 1;
    }
    layout.read(chunk, src, units - done, values, done * valuesPerUnit);
    src += (units - done) * unitBytes;
    this.keep(chunk, src, at + avail - src);
    return { values, units };
  }

  private output(length: number): T {
    if (!this.reuse) return this.allocate(length);
    if (!this.scratch || this.scratch.length < length) this.scratch = this.allocate(length);
    return this.scratch.subarray(0, length) as T;
  }

  /** Holds the bytes of an incomplete trailing unit until the next slice arrives. */
  private keep(chunk: Uint8Array, from: number, length: number): undefined {
    if (length > 0) {
      this.carry.set(chunk.subarray(from, from + length), this.carryLen);
      this.carryLen += length;
    }
    return undefined;
  }
}

/**
 * Streaming WAV decoder. Feed it the file in slices of any size; each `push` returns at most one
 * block holding every whole frame completed by that slice. Memory stays constant: a partial
 * frame is carried over, and nothing else of the file is retained.
 */
export class WavDecoder extends WavUnitDecoder<Float32Array> {
  private framesOut = 0;

  constructor(options: WavDecoderOptions = {}) {
    super(options.reuseBuffer ?? false);
  }

  /** Frames returned so far. */
  get framesDecoded(): number {
    return this.framesOut;
  }

  /** Feeds the next slice of the file; returns the frames it completed, if any. */
  push(chunk: Uint8Array): DecodedBlock | undefined {
    const decoded = this.pushUnits(chunk, 'WavDecoder');
    if (!decoded) return undefined;
    const format = this.format as WavFormat;
    const block = {
      samples: decoded.values,
      frameCount: decoded.units,
      startFrame: this.framesOut,
      format,
    };
    this.framesOut += decoded.units;
    return block;
  }

  protected layoutFor(format: WavFormat): UnitLayout<Float32Array> {
    const read = sampleReaderFor(format.encoding, format.bitsPerSample) as SampleReader;
    const { blockAlign, channels } = format;
    return {
      unitBytes: blockAlign,
      valuesPerUnit: channels,
      read: (src, offset, units, dst, at) => read(src, offset, units * channels, dst, at),
    };
  }

  protected allocate(length: number): Float32Array {
    return new Float32Array(length);
  }
}

/** Decodes a complete WAV held in memory. Throws MalformedWavError. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const decoder = new WavDecoder();
  const block = decoder.push(bytes);
  decoder.end();
  const format = decoder.format as WavFormat;
  return {
    format,
    samples: block?.samples ?? new Float32Array(0),
    frameCount: block?.frameCount ?? 0,
  };
}

/** Decodes a WAV byte stream (e.g. a file read stream) block by block in constant memory. */
export async function* decodeWavStream(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<DecodedBlock, void, undefined> {
  const decoder = new WavDecoder();
  for await (const chunk of source) {
    const block = decoder.push(chunk);
    if (block) yield block;
  }
  decoder.end();
}

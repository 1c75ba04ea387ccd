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

/** Largest frame: 8 channels of 64-bit floats. */
const MAX_BLOCK_ALIGN = 64;

/**
 * Streaming WAV decoder. Feed it the file in slices of any size; each `push` returns at most one
 * block holding every whole frame completed by that slice. Memory stays constant: a partial
 * frame is carried over in a 64-byte buffer, and nothing else of the file is retained.
 */
export class WavDecoder {
  private readonly header = new WavHeaderParser();
  private reader: SampleReader | undefined;
  private parsed: WavFormat | undefined;
  private remaining = Number.POSITIVE_INFINITY;
  private readonly carry = new Uint8Array(MAX_BLOCK_ALIGN);
  private carryLen = 0;
  private dataBytesSeen = 0;
  private framesOut = 0;
  private ended = false;
  private scratch: Float32Array | undefined;

  constructor(private readonly options: WavDecoderOptions = {}) {}

  /** The format, once the header has been read. */
  get format(): WavFormat | undefined {
    return this.parsed;
  }

  /** Frames returned so far. */
  get framesDecoded(): number {
    return this.framesOut;
  }

  /** Feeds the next slice of the file; returns the frames it completed, if any. */
  push(chunk: Uint8Array): DecodedBlock | undefined {
    if (this.ended) throw new Error('WavDecoder.push() called after end()');
    let at = 0;
    if (!this.reader) {
      at = this.header.feed(chunk);
      const format = this.header.format;
      if (!format) return undefined;
      this.start(format);
    }
    return this.decode(chunk, at);
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

  private start(format: WavFormat): void {
    this.parsed = format;
    this.reader = sampleReaderFor(format.encoding, format.bitsPerSample);
    this.remaining = format.dataBytes ?? Number.POSITIVE_INFINITY;
  }

  private decode(chunk: Uint8Array, at: number): DecodedBlock | undefined {
    const format = this.parsed as WavFormat;
    const read = this.reader as SampleReader;
    const avail = Math.min(chunk.length - at, this.remaining);
    if (avail <= 0) return undefined;
    this.remaining -= avail;
    this.dataBytesSeen += avail;
    const { blockAlign, channels } = format;
    const frameCount = Math.floor((this.carryLen + avail) / blockAlign);
    if (frameCount === 0) return this.keep(chunk, at, avail);
    const samples = this.output(frameCount * channels);
    let src = at;
    let outAt = 0;
    if (this.carryLen > 0) {
      const fill = blockAlign - this.carryLen;
      this.carry.set(chunk.subarray(src, src + fill), this.carryLen);
      read(this.carry, 0, channels, samples, 0);
      this.carryLen = 0;
      src += fill;
      outAt = channels;
    }
    const direct = frameCount - outAt / channels;
    read(chunk, src, direct * channels, samples, outAt);
    src += direct * blockAlign;
    this.keep(chunk, src, at + avail - src);
    const block = { samples, frameCount, startFrame: this.framesOut, format };
    this.framesOut += frameCount;
    return block;
  }

  private output(length: number): Float32Array {
    if (!this.options.reuseBuffer) return new Float32Array(length);
    if (!this.scratch || this.scratch.length < length) this.scratch = new Float32Array(length);
    return this.scratch.subarray(0, length);
  }

  /** Holds the bytes of an incomplete trailing frame until the next slice arrives. */
  private keep(chunk: Uint8Array, from: number, length: number): undefined {
    if (length > 0) {
      this.carry.set(chunk.subarray(from, from + length), this.carryLen);
      this.carryLen += length;
    }
    return undefined;
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

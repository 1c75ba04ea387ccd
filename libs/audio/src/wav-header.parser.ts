import { MalformedWavError } from './malformed-wav.error';
import { FMT_SIZE, parseFmtChunk, type FmtChunk } from './wav-fmt.parser';
import type { WavFormat } from './wav-format';

type State = 'riff' | 'chunk' | 'body' | 'skip' | 'done';

/** Data sizes that streamed writers leave in the header: read to the end of the file instead. */
const UNKNOWN_SIZES = new Set([0, 0xffffffff]);
const DS64_SIZE = { min: 28, max: 1024 } as const;

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(
    bytes[at] as number,
    bytes[at + 1] as number,
    bytes[at + 2] as number,
    bytes[at + 3] as number,
  );
}

function printable(id: string): string {
  return /^[\x20-\x7e]{4}$/.test(id) ? `'${id}'` : 'binary data';
}

/**
 * Incremental RIFF/WAVE header parser: fed arbitrary slices of the file, it stops at the first
 * byte of the `data` chunk. Unknown chunks are skipped without buffering, so a huge LIST chunk
 * costs no memory; only `fmt ` and `ds64` bodies (at most 1 KiB) are buffered.
 */
export class WavHeaderParser {
  private state: State = 'riff';
  private readonly acc = new Uint8Array(FMT_SIZE.max + 1);
  private accLen = 0;
  private need = 12;
  private chunkId = '';
  private skipLeft = 0;
  private bytesSeen = 0;
  private fmt: FmtChunk | undefined;
  private ds64DataBytes: number | undefined;
  private rf64 = false;
  private parsed: WavFormat | undefined;

  /** The format, once the `data` chunk header has been read. */
  get format(): WavFormat | undefined {
    return this.parsed;
  }

  /** Consumes header bytes from `bytes[offset..]`; returns where the audio data starts in it. */
  feed(bytes: Uint8Array, offset = 0): number {
    let at = offset;
    while (this.state !== 'done' && at < bytes.length) {
      if (this.state === 'skip') {
        const n = Math.min(this.skipLeft, bytes.length - at);
        this.skipLeft -= n;
        at += n;
        if (this.skipLeft === 0) this.expect('chunk', 8);
        continue;
      }
      const n = Math.min(this.need - this.accLen, bytes.length - at);
      this.acc.set(bytes.subarray(at, at + n), this.accLen);
      this.accLen += n;
      at += n;
      if (this.accLen === this.need) this.onFilled();
    }
    this.bytesSeen += at - offset;
    return at;
  }

  /** Called at end of input: throws the reason the header is incomplete, if it is. */
  finish(): void {
    if (this.state === 'done') return;
    if (this.state === 'riff' && this.bytesSeen < 12) {
      throw new MalformedWavError(`truncated header: the file is only ${this.bytesSeen} bytes`);
    }
    if (this.state === 'chunk') {
      if (this.accLen > 0)
        throw new MalformedWavError('truncated header: the file ends inside a chunk header');
      throw new MalformedWavError(
        this.fmt ? 'truncated header: no data chunk' : 'truncated header: no fmt or data chunk',
      );
    }
    throw new MalformedWavError(
      `truncated header: the ${printable(this.chunkId)} chunk is larger than the rest of the file`,
    );
  }

  private expect(state: State, need: number): void {
    this.state = state;
    this.need = need;
    this.accLen = 0;
  }

  private onFilled(): void {
    if (this.state === 'riff') this.onRiff();
    else if (this.state === 'chunk') this.onChunkHeader();
    else this.onBody();
  }

  private onRiff(): void {
    const magic = fourCc(this.acc, 0);
    if (magic === 'RIFX') throw new MalformedWavError('big-endian RIFX files are not supported');
    if ((magic !== 'RIFF' && magic !== 'RF64') || fourCc(this.acc, 8) !== 'WAVE') {
      throw new MalformedWavError('not a RIFF/WAVE file');
    }
    this.rf64 = magic === 'RF64';
    this.expect('chunk', 8);
  }

  private onChunkHeader(): void {
    const view = new DataView(this.acc.buffer, 0, 8);
    this.chunkId = fourCc(this.acc, 0);
    const size = view.getUint32(4, true);
    if (this.chunkId === 'data') return this.onData(size);
    if (this.chunkId === 'fmt ') return this.startBody(size, FMT_SIZE.min, FMT_SIZE.max);
    if (this.chunkId === 'ds64' && this.rf64) {
      return this.startBody(size, DS64_SIZE.min, DS64_SIZE.max);
    }
    // RIFF chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
    this.skipLeft = size + (size & 1);
    if (this.skipLeft === 0) this.expect('chunk', 8);
    else this.state = 'skip';
  }

  private startBody(size: number, min: number, max: number): void {
    if (size < min || size > max) {
      throw new MalformedWavError(
        `${printable(this.chunkId)} chunk size ${size} is out of range (${min}..${max} bytes)`,
      );
    }
    this.expect('body', size + (size & 1));
  }

  private onBody(): void {
    const body = this.acc.subarray(0, this.need);
    if (this.chunkId === 'fmt ') {
      this.fmt = parseFmtChunk(body);
    } else {
      const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
      // ds64 carries the 64-bit data size at bytes 8..15 (low word first).
      this.ds64DataBytes = view.getUint32(8, true) + view.getUint32(12, true) * 2 ** 32;
    }
    this.expect('chunk', 8);
  }

  private onData(size: number): void {
    const fmt = this.fmt;
    if (!fmt) throw new MalformedWavError('fmt chunk missing before data');
    let dataBytes: number | undefined = UNKNOWN_SIZES.has(size) ? undefined : size;
    if (this.rf64 && size === 0xffffffff && this.ds64DataBytes) dataBytes = this.ds64DataBytes;
    const totalFrames =
      dataBytes === undefined ? undefined : Math.floor(dataBytes / fmt.blockAlign);
    this.parsed = { ...fmt, dataBytes, totalFrames };
    this.state = 'done';
  }
}

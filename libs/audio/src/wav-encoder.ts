/** Bytes in the canonical 16-bit PCM header written by this module. */
export const WAV16_HEADER_BYTES = 44;

/** Largest data chunk a RIFF header can describe (its size field is 32-bit). */
const MAX_DATA_BYTES = 0xffffffff - (WAV16_HEADER_BYTES - 8);
const PLACEHOLDER = 0xffffffff;

function checkLayout(sampleRate: number, channels: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`sampleRate must be a positive integer, got ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff / 2) {
    throw new RangeError(`channels must be a positive integer, got ${channels}`);
  }
}

/**
 * A canonical 44-byte header for 16-bit PCM. Without `dataBytes` the size fields hold
 * 0xFFFFFFFF, which readers (this library included) take as "read to the end of the file".
 */
export function wav16Header(sampleRate: number, channels: number, dataBytes?: number): Buffer {
  checkLayout(sampleRate, channels);
  if (dataBytes !== undefined && (dataBytes < 0 || dataBytes > MAX_DATA_BYTES)) {
    throw new RangeError(`WAV data of ${dataBytes} bytes does not fit a RIFF header`);
  }
  const header = Buffer.alloc(WAV16_HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(dataBytes === undefined ? PLACEHOLDER : dataBytes + 36, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes ?? PLACEHOLDER, 40);
  return header;
}

// Bound once: in Jest's vm contexts a global lookup (Math) per sample is ~50x slower.
const { round } = Math;

/** Writes float samples as 16-bit integers into `out[at..]`: rounded, clipped, NaN as silence. */
function writePcm16(samples: Float32Array, out: Int16Array, at: number): void {
  for (let i = 0; i < samples.length; i++) {
    const v = round((samples[i] as number) * 32768);
    out[at + i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v === v ? v : 0;
  }
}

/** Little-endian 16-bit view of a fresh, aligned buffer (typed arrays use host order). */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toPcm16Bytes(samples: Float32Array, headerBytes: number): Buffer {
  const buffer = Buffer.from(new ArrayBuffer(headerBytes + samples.length * 2));
  const pcm = new Int16Array(buffer.buffer, headerBytes, samples.length);
  writePcm16(samples, pcm, 0);
  if (!LITTLE_ENDIAN_HOST) buffer.subarray(headerBytes).swap16();
  return buffer;
}

/** Encodes interleaved float samples as a complete 16-bit PCM WAV file. */
export function encodeWav16(samples: Float32Array, sampleRate: number, channels = 1): Buffer {
  checkLayout(sampleRate, channels);
  if (samples.length % channels !== 0) {
    throw new RangeError(`${samples.length} samples do not divide into ${channels} channels`);
  }
  const out = toPcm16Bytes(samples, WAV16_HEADER_BYTES);
  wav16Header(sampleRate, channels, samples.length * 2).copy(out, 0);
  return out;
}

/**
 * Streaming 16-bit PCM WAV writer for outputs too large to hold: write `header()` first, then
 * `encode()` each block, and at the end patch the file's first 44 bytes with `finalHeader()`.
 */
export class Wav16StreamEncoder {
  private bytes = 0;

  constructor(
    readonly sampleRate: number,
    readonly channels = 1,
  ) {
    checkLayout(sampleRate, channels);
  }

  /** Data bytes encoded so far. */
  get dataBytes(): number {
    return this.bytes;
  }

  /** The header to write first, with placeholder sizes. */
  header(): Buffer {
    return wav16Header(this.sampleRate, this.channels);
  }

  /** PCM bytes for one block of interleaved samples (a whole number of frames). */
  encode(samples: Float32Array): Buffer {
    if (samples.length % this.channels !== 0) {
      throw new RangeError(
        `${samples.length} samples do not divide into ${this.channels} channels`,
      );
    }
    if (this.bytes + samples.length * 2 > MAX_DATA_BYTES) {
      throw new RangeError('WAV data would exceed the 4 GiB limit of a RIFF file');
    }
    this.bytes += samples.length * 2;
    return toPcm16Bytes(samples, 0);
  }

  /** The header with the real sizes, to write at offset 0 once every block is written. */
  finalHeader(): Buffer {
    return wav16Header(this.sampleRate, this.channels, this.bytes);
  }
}

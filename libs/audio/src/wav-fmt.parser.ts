import { MalformedWavError } from './malformed-wav.error';
import { sampleReaderFor } from './pcm-sample.readers';
import { WAVE_FORMAT, WAV_LIMITS, type WavEncoding, type WavFormat } from './wav-format';

/** What the `fmt ` chunk alone says; the data chunk adds the length. */
export type FmtChunk = Omit<WavFormat, 'dataBytes' | 'totalFrames'>;

/** Names of common codecs, so the error tells the user what they actually uploaded. */
const CODEC_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG',
  0x0092: 'Dolby AC-3',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x1610: 'HE-AAC',
  0x6750: 'Ogg Vorbis',
  0xf1ac: 'FLAC',
};

const ENCODINGS: Readonly<Record<number, WavEncoding>> = {
  [WAVE_FORMAT.PCM]: 'pcm',
  [WAVE_FORMAT.IEEE_FLOAT]: 'float',
  [WAVE_FORMAT.ALAW]: 'alaw',
  [WAVE_FORMAT.MULAW]: 'mulaw',
};

/** Bytes 4..15 shared by every KSDATAFORMAT_SUBTYPE_* GUID that carries a plain format tag. */
const KSDATAFORMAT_TAIL = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];

/** Smallest and largest `fmt ` bodies accepted; real ones are 16, 18 or 40 bytes. */
export const FMT_SIZE = { min: 16, max: 1024 } as const;

function hex(tag: number): string {
  return `0x${tag.toString(16).padStart(4, '0').toUpperCase()}`;
}

function unsupportedTag(tag: number): MalformedWavError {
  const name = CODEC_NAMES[tag];
  return new MalformedWavError(`unsupported format tag ${hex(tag)}${name ? ` (${name})` : ''}`);
}

function subFormatTag(view: DataView, size: number): number {
  if (size < 40 || view.getUint16(16, true) < 22) {
    throw new MalformedWavError(
      `WAVE_FORMAT_EXTENSIBLE fmt chunk too small (${size} bytes, need 40)`,
    );
  }
  for (let i = 0; i < KSDATAFORMAT_TAIL.length; i++) {
    if (view.getUint8(26 + i) !== KSDATAFORMAT_TAIL[i]) {
      throw new MalformedWavError('unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID');
    }
  }
  const validBits = view.getUint16(18, true);
  if (validBits > view.getUint16(14, true)) {
    throw new MalformedWavError(
      `valid bits per sample ${validBits} exceed the container size ${view.getUint16(14, true)}`,
    );
  }
  return view.getUint16(24, true);
}

function checkLayout(channels: number, sampleRate: number, bits: number, blockAlign: number): void {
  if (channels === 0) throw new MalformedWavError('channel count is zero');
  if (channels > WAV_LIMITS.maxChannels) {
    throw new MalformedWavError(
      `unsupported channel count ${channels} (1..${WAV_LIMITS.maxChannels})`,
    );
  }
  if (sampleRate === 0 || sampleRate > WAV_LIMITS.maxSampleRate) {
    throw new MalformedWavError(
      `unsupported sample rate ${sampleRate} Hz (1..${WAV_LIMITS.maxSampleRate})`,
    );
  }
  if (bits === 0) throw new MalformedWavError('bits per sample is zero');
  if (blockAlign !== channels * Math.ceil(bits / 8)) {
    throw new MalformedWavError(
      `blockAlign ${blockAlign} does not match ${channels} channel(s) of ${bits}-bit samples`,
    );
  }
}

/** Parses and validates a complete `fmt ` chunk body; throws MalformedWavError on anything odd. */
export function parseFmtChunk(body: Uint8Array): FmtChunk {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const tag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  const extensible = tag === WAVE_FORMAT.EXTENSIBLE;
  const formatTag = extensible ? subFormatTag(view, body.byteLength) : tag;
  const encoding = ENCODINGS[formatTag];
  if (encoding === undefined) throw unsupportedTag(formatTag);
  checkLayout(channels, sampleRate, bitsPerSample, blockAlign);
  if (!sampleReaderFor(encoding, bitsPerSample)) {
    throw new MalformedWavError(`unsupported ${bitsPerSample}-bit ${encoding} samples`);
  }
  return { encoding, formatTag, extensible, sampleRate, channels, bitsPerSample, blockAlign };
}

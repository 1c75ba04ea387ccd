import type { WavEncoding } from './wav-format';

/**
 * Decodes `count` samples starting at byte `offset` of `src` into `dst[dstOffset..]` as floats in
 * [-1, 1). Readers work on whatever alignment the chunk has (file streams hand out pool slices
 * at odd offsets) and allocate nothing.
 */
export type SampleReader = (
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  dstOffset: number,
) => void;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readU8(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  for (let i = 0; i < count; i++) dst[at + i] = ((src[offset + i] as number) - 128) * (1 / 128);
}

function readS16(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  const byteOffset = src.byteOffset + offset;
  if (LITTLE_ENDIAN_HOST && (byteOffset & 1) === 0) {
    const view = new Int16Array(src.buffer, byteOffset, count);
    for (let i = 0; i < count; i++) dst[at + i] = (view[i] as number) * (1 / 32768);
    return;
  }
  for (let i = 0, p = offset; i < count; i++, p += 2) {
    const v = ((src[p] as number) | ((src[p + 1] as number) << 8)) << 16;
    dst[at + i] = (v >> 16) * (1 / 32768);
  }
}

function readS24(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  for (let i = 0, p = offset; i < count; i++, p += 3) {
    const v =
      ((src[p] as number) << 8) | ((src[p + 1] as number) << 16) | ((src[p + 2] as number) << 24);
    dst[at + i] = (v >> 8) * (1 / 8388608);
  }
}

function readS32(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  const byteOffset = src.byteOffset + offset;
  if (LITTLE_ENDIAN_HOST && (byteOffset & 3) === 0) {
    const view = new Int32Array(src.buffer, byteOffset, count);
    for (let i = 0; i < count; i++) dst[at + i] = (view[i] as number) * (1 / 2147483648);
    return;
  }
  for (let i = 0, p = offset; i < count; i++, p += 4) {
    const v =
      (src[p] as number) |
      ((src[p + 1] as number) << 8) |
      ((src[p + 2] as number) << 16) |
      ((src[p + 3] as number) << 24);
    dst[at + i] = v * (1 / 2147483648);
  }
}

/** Keeps NaN and infinities out of downstream arithmetic; finite out-of-range floats are kept. */
function finite(v: number): number {
  if (v !== v) return 0;
  if (v > 3.4e38) return 3.4e38;
  return v < -3.4e38 ? -3.4e38 : v;
}

function readF32(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  const byteOffset = src.byteOffset + offset;
  if (LITTLE_ENDIAN_HOST && (byteOffset & 3) === 0) {
    const view = new Float32Array(src.buffer, byteOffset, count);
    for (let i = 0; i < count; i++) dst[at + i] = finite(view[i] as number);
    return;
  }
  const view = new DataView(src.buffer, byteOffset, count * 4);
  for (let i = 0; i < count; i++) dst[at + i] = finite(view.getFloat32(i * 4, true));
}

function readF64(
  src: Uint8Array,
  offset: number,
  count: number,
  dst: Float32Array,
  at: number,
): void {
  const view = new DataView(src.buffer, src.byteOffset + offset, count * 8);
  for (let i = 0; i < count; i++) dst[at + i] = finite(view.getFloat64(i * 8, true));
}

/** ITU-T G.711 mu-law expansion of one code word to a 16-bit-range integer. */
function expandMulaw(code: number): number {
  const u = ~code & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** ITU-T G.711 A-law expansion of one code word to a 16-bit-range integer. */
function expandAlaw(code: number): number {
  const a = code ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

function lookupTable(expand: (code: number) => number): Float32Array {
  const table = new Float32Array(256);
  for (let code = 0; code < 256; code++) table[code] = expand(code) / 32768;
  return table;
}

function tableReader(table: Float32Array): SampleReader {
  return (src, offset, count, dst, at) => {
    for (let i = 0; i < count; i++) dst[at + i] = table[src[offset + i] as number] as number;
  };
}

const READERS: Readonly<Record<string, SampleReader>> = {
  'pcm/8': readU8,
  'pcm/16': readS16,
  'pcm/24': readS24,
  'pcm/32': readS32,
  'float/32': readF32,
  'float/64': readF64,
  'alaw/8': tableReader(lookupTable(expandAlaw)),
  'mulaw/8': tableReader(lookupTable(expandMulaw)),
};

/** The reader for an encoding and container size, or undefined when that pair is unsupported. */
export function sampleReaderFor(
  encoding: WavEncoding,
  bitsPerSample: number,
): SampleReader | undefined {
  return READERS[`${encoding}/${bitsPerSample}`];
}

/**
 * Writes `units` means, each of `group` consecutive samples from byte `offset` of `src`, into
 * `dst[at..]` as doubles: a mix-down and a cheap decimation in the same pass as the decoding.
 */
export type MeanReader = (
  src: Uint8Array,
  offset: number,
  units: number,
  dst: Float64Array,
  at: number,
) => void;

/**
 * 16-bit PCM straight from the bytes: the common case, where decoding to floats first and
 * averaging them after cost more than the rest of the detector's frame analysis. Integer sums
 * times 2^-15 / group give exactly what summing the decoded floats and dividing would.
 */
function meanS16(group: number): MeanReader {
  const scale = 1 / group / 32768;
  const unaligned = averaged(readS16, group);
  return (src, offset, units, dst, at) => {
    const byteOffset = src.byteOffset + offset;
    if (!LITTLE_ENDIAN_HOST || (byteOffset & 1) !== 0)
      return unaligned(src, offset, units, dst, at);
    if (group === 2 && (byteOffset & 3) === 0) {
      // 16 kHz mono, the common case: both samples of a pair in one 32-bit load.
      const pairs = new Int32Array(src.buffer, byteOffset, units);
      for (let u = 0; u < units; u++) {
        const v = pairs[u] as number;
        dst[at + u] = (((v << 16) >> 16) + (v >> 16)) * scale;
      }
      return;
    }
    const view = new Int16Array(src.buffer, byteOffset, units * group);
    if (group === 2) {
      for (let u = 0, i = 0; u < units; u++, i += 2) {
        dst[at + u] = ((view[i] as number) + (view[i + 1] as number)) * scale;
      }
      return;
    }
    for (let u = 0, i = 0; u < units; u++) {
      let sum = 0;
      for (let g = 0; g < group; g++) sum += view[i++] as number;
      dst[at + u] = sum * scale;
    }
  };
}

/** Any encoding: decodes to floats, then sums each group in order and scales by 1 / group. */
function averaged(read: SampleReader, group: number): MeanReader {
  const inverse = 1 / group;
  let floats = new Float32Array(0);
  return (src, offset, units, dst, at) => {
    const count = units * group;
    if (floats.length < count) floats = new Float32Array(count);
    read(src, offset, count, floats, 0);
    for (let u = 0, i = 0; u < units; u++) {
      let sum = 0;
      for (let g = 0; g < group; g++) sum += floats[i++] as number;
      dst[at + u] = sum * inverse;
    }
  };
}

/** A reader of means of `group` samples for an encoding and container size (a supported pair). */
export function meanReaderFor(encoding: WavEncoding, bitsPerSample: number, group: number) {
  if (encoding === 'pcm' && bitsPerSample === 16) return meanS16(group);
  const read = sampleReaderFor(encoding, bitsPerSample);
  return read && averaged(read, group);
}

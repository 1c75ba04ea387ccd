/** Sample encodings the builder can write. */
export type SynthEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

/** A RIFF chunk to assemble; `size` overrides the declared size (to build lying headers). */
export interface RawChunk {
  readonly id: string;
  readonly body: Uint8Array;
  readonly size?: number;
  /** Leave out the pad byte after an odd-sized body (to build broken files). */
  readonly noPad?: boolean;
}

/** The fields of a `fmt ` chunk; anything left out is derived from the rest. */
export interface FmtFields {
  readonly encoding: SynthEncoding;
  readonly bits: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly extensible?: boolean;
  readonly tag?: number;
  readonly blockAlign?: number;
  readonly validBits?: number;
  /** Extra bytes after the 16-byte core in a non-extensible chunk (cbSize is written first). */
  readonly extraBytes?: number;
}

const TAGS: Record<SynthEncoding, number> = { pcm: 1, float: 3, alaw: 6, mulaw: 7 };
const GUID_TAIL = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];

/** Builds a `fmt ` chunk body. */
export function fmtBody(f: FmtFields): Uint8Array {
  const tag = f.tag ?? TAGS[f.encoding];
  const size = f.extensible ? 40 : 16 + (f.extraBytes === undefined ? 0 : 2 + f.extraBytes);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  const blockAlign = f.blockAlign ?? f.channels * Math.ceil(f.bits / 8);
  view.setUint16(0, f.extensible ? 0xfffe : tag, true);
  view.setUint16(2, f.channels, true);
  view.setUint32(4, f.sampleRate, true);
  view.setUint32(8, f.sampleRate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, f.bits, true);
  if (f.extensible) {
    view.setUint16(16, 22, true);
    view.setUint16(18, f.validBits ?? f.bits, true);
    view.setUint32(20, f.channels === 2 ? 3 : 4, true);
    view.setUint32(24, tag, true);
    GUID_TAIL.forEach((b, i) => view.setUint8(26 + i, b));
  } else if (f.extraBytes !== undefined) {
    view.setUint16(16, f.extraBytes, true);
  }
  return body;
}

function quantize(v: number, scale: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(v * scale)));
}

/** Encodes interleaved floats as the data chunk body of the given integer/float format. */
export function sampleBytes(
  values: ArrayLike<number>,
  encoding: 'pcm' | 'float',
  bits: number,
): Uint8Array {
  const width = bits / 8;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const at = i * width;
    if (encoding === 'float') {
      if (bits === 32) view.setFloat32(at, v, true);
      else view.setFloat64(at, v, true);
    } else if (bits === 8) view.setUint8(at, quantize(v, 128, -128, 127) + 128);
    else if (bits === 16) view.setInt16(at, quantize(v, 32768, -32768, 32767), true);
    else if (bits === 24) {
      const q = quantize(v, 8388608, -8388608, 8388607);
      view.setUint8(at, q & 0xff);
      view.setInt16(at + 1, q >> 8, true);
    } else view.setInt32(at, quantize(v, 2147483648, -2147483648, 2147483647), true);
  }
  return out;
}

/** The value a decoder must produce for `v` after quantizing to the format. */
export function expectedSample(v: number, encoding: 'pcm' | 'float', bits: number): number {
  if (encoding === 'float') return bits === 32 ? Math.fround(v) : Math.fround(v);
  const scale = 2 ** (bits - 1);
  return Math.fround(quantize(v, scale, -scale, scale - 1) / scale) + 0;
}

/** Assembles chunks into a RIFF/WAVE file (or anything else, with `magic` / `formType`). */
export function riffFile(
  chunks: readonly RawChunk[],
  opts: { magic?: string; formType?: string; riffSize?: number } = {},
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const chunk of chunks) {
    const head = new Uint8Array(8);
    ascii(head, 0, chunk.id);
    new DataView(head.buffer).setUint32(4, chunk.size ?? chunk.body.length, true);
    parts.push(head, chunk.body);
    if (chunk.body.length % 2 === 1 && !chunk.noPad) parts.push(new Uint8Array(1));
  }
  const bodyLength = parts.reduce((n, p) => n + p.length, 0);
  const file = new Uint8Array(12 + bodyLength);
  ascii(file, 0, opts.magic ?? 'RIFF');
  new DataView(file.buffer).setUint32(4, opts.riffSize ?? 4 + bodyLength, true);
  ascii(file, 8, opts.formType ?? 'WAVE');
  let at = 12;
  for (const p of parts) {
    file.set(p, at);
    at += p.length;
  }
  return file;
}

function ascii(into: Uint8Array, at: number, text: string): void {
  for (let i = 0; i < 4; i++) into[at + i] = text.charCodeAt(i);
}

/** A complete, valid WAV with optional LIST / fact chunks around the data. */
export function buildWav(
  values: ArrayLike<number>,
  fmt: FmtFields & { encoding: 'pcm' | 'float' },
  opts: { list?: boolean; fact?: boolean; trailing?: boolean } = {},
): Uint8Array {
  const chunks: RawChunk[] = [];
  if (opts.list)
    chunks.push({ id: 'LIST', body: textBody('INFOISFT\u0005\u0000\u0000\u0000test') });
  chunks.push({ id: 'fmt ', body: fmtBody(fmt) });
  if (opts.fact) chunks.push({ id: 'fact', body: new Uint8Array(4) });
  if (opts.list) chunks.push({ id: 'junk', body: new Uint8Array(7).fill(0xee) });
  chunks.push({ id: 'data', body: sampleBytes(values, fmt.encoding, fmt.bits) });
  if (opts.trailing) chunks.push({ id: 'LIST', body: textBody('INFOjunk') });
  return riffFile(chunks);
}

function textBody(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Slices `bytes` into pieces of the given sizes, cycling through them. */
export function slices(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length] as number;
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

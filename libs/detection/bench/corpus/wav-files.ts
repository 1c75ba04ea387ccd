/** Sample formats the corpus writes. */
export type SampleFormat = 'u8' | 's16' | 'f32';

/** A RIFF chunk; `size` overrides the declared size (to write lying headers). */
export interface Chunk {
  readonly id: string;
  readonly body: Uint8Array;
  readonly size?: number;
}

const BYTES: Record<SampleFormat, number> = { u8: 1, s16: 2, f32: 4 };

function chunkBytes(c: Chunk): Buffer {
  const head = Buffer.alloc(8);
  head.write(c.id, 0, 'latin1');
  head.writeUInt32LE(c.size ?? c.body.length, 4);
  // Odd-sized chunks are followed by a pad byte.
  const pad = c.body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([head, c.body, pad]);
}

/** Interleaved floats as the bytes of a data chunk. */
export function sampleData(samples: Float32Array, format: SampleFormat): Buffer {
  const out = Buffer.alloc(samples.length * BYTES[format]);
  samples.forEach((v, i) => {
    const c = Math.max(-1, Math.min(1, v));
    if (format === 'f32') out.writeFloatLE(v, i * 4);
    else if (format === 's16')
      out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(c * 32768))), i * 2);
    else out.writeUInt8(Math.max(0, Math.min(255, Math.round(c * 128) + 128)), i);
  });
  return out;
}

/** The `fmt ` chunk body of a plain PCM (tag 1) or float (tag 3, with cbSize) file. */
export function fmtChunk(format: SampleFormat, rate: number, channels: number): Chunk {
  const float = format === 'f32';
  const body = Buffer.alloc(float ? 18 : 16);
  const align = channels * BYTES[format];
  body.writeUInt16LE(float ? 3 : 1, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE(rate * align, 8);
  body.writeUInt16LE(align, 12);
  body.writeUInt16LE(BYTES[format] * 8, 14);
  return { id: 'fmt ', body };
}

/** A LIST/INFO chunk of odd size (its text is not padded), so the chunk needs a pad byte. */
export function listChunk(text: string): Chunk {
  const value = Buffer.from(`${text}\0`, 'latin1');
  const odd = value.length & 1 ? value : Buffer.concat([value, Buffer.from('\0')]);
  const sub = Buffer.alloc(8);
  sub.write('INAM', 0, 'latin1');
  sub.writeUInt32LE(odd.length, 4);
  return { id: 'LIST', body: Buffer.concat([Buffer.from('INFO'), sub, odd]) };
}

/** A `fact` chunk (sample frames per channel), as non-PCM files carry. */
export function factChunk(frames: number): Chunk {
  const body = Buffer.alloc(4);
  body.writeUInt32LE(frames, 0);
  return { id: 'fact', body };
}

/** Assembles a RIFF/WAVE file from chunks in the given order. */
export function riff(chunks: readonly Chunk[], riffSize?: number): Buffer {
  const body = Buffer.concat([Buffer.from('WAVE'), ...chunks.map(chunkBytes)]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(riffSize ?? body.length, 4);
  return Buffer.concat([head, body]);
}

/** A plain WAV: fmt then data. */
export function wavFile(
  samples: Float32Array,
  rate: number,
  channels = 1,
  format: SampleFormat = 's16',
) {
  return riff([
    fmtChunk(format, rate, channels),
    { id: 'data', body: sampleData(samples, format) },
  ]);
}

import { decodeWav, decodeWavStream, WavDecoder, type DecodedBlock } from './wav-decoder';
import { encodeWav16 } from './wav-encoder';
import {
  buildWav,
  expectedSample,
  fmtBody,
  riffFile,
  sampleBytes,
  slices,
} from './testing/wav-bytes.builder';

/** Small deterministic PRNG so chunkings are random but reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function testSignal(frames: number, channels: number): Float32Array {
  const values = new Float32Array(frames * channels);
  const extremes = [-1, 0.99997, 0, -0.5, 0.25];
  for (let i = 0; i < values.length; i++) {
    values[i] = i < extremes.length ? (extremes[i] as number) : 0.9 * Math.sin(i * 0.37);
  }
  return values;
}

/** Feeds `bytes` in slices of the given sizes and concatenates every block. */
function decodeInSlices(bytes: Uint8Array, sizes: readonly number[]): Float32Array {
  const decoder = new WavDecoder();
  const blocks: DecodedBlock[] = [];
  for (const piece of slices(bytes, sizes)) {
    const block = decoder.push(piece);
    if (block) blocks.push(block);
  }
  decoder.end();
  let frame = 0;
  for (const b of blocks) {
    expect(b.startFrame).toBe(frame);
    frame += b.frameCount;
  }
  const out = new Float32Array(blocks.reduce((n, b) => n + b.samples.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b.samples, at);
    at += b.samples.length;
  }
  return out;
}

const FORMATS = [
  { encoding: 'pcm', bits: 8 },
  { encoding: 'pcm', bits: 16 },
  { encoding: 'pcm', bits: 24 },
  { encoding: 'pcm', bits: 32 },
  { encoding: 'float', bits: 32 },
  { encoding: 'float', bits: 64 },
] as const;

const CASES = FORMATS.flatMap((f) =>
  [1, 2].flatMap((channels) =>
    [8000, 48000].flatMap((sampleRate) =>
      [false, true].map((extensible) => ({ ...f, channels, sampleRate, extensible })),
    ),
  ),
);

describe('WavDecoder', () => {
  const random = mulberry32(42);

  it.each(CASES)(
    'decodes $encoding $bits-bit, $channels ch, $sampleRate Hz, extensible=$extensible',
    (fmt) => {
      const values = testSignal(301, fmt.channels);
      const bytes = buildWav(values, fmt, { list: true, fact: true, trailing: true });
      const expected = Float32Array.from(values, (v) => expectedSample(v, fmt.encoding, fmt.bits));
      const whole = decodeWav(bytes);
      expect(whole.format).toMatchObject({
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
        encoding: fmt.encoding,
        extensible: fmt.extensible,
        totalFrames: 301,
      });
      expect(whole.frameCount).toBe(301);
      expect(whole.samples).toEqual(expected);
      expect(decodeInSlices(bytes, [1, 3, 7])).toEqual(expected);
      const sizes = Array.from({ length: 50 }, () => 1 + Math.floor(random() * 13));
      expect(decodeInSlices(bytes, sizes)).toEqual(expected);
    },
  );

  it('maps integer extremes to [-1, 1)', () => {
    const pcm8 = riffFile([
      { id: 'fmt ', body: fmtBody({ encoding: 'pcm', bits: 8, channels: 1, sampleRate: 8000 }) },
      { id: 'data', body: Uint8Array.from([0, 128, 255]) },
    ]);
    expect(Array.from(decodeWav(pcm8).samples)).toEqual([-1, 0, 127 / 128]);
    const pcm24 = riffFile([
      { id: 'fmt ', body: fmtBody({ encoding: 'pcm', bits: 24, channels: 1, sampleRate: 8000 }) },
      { id: 'data', body: Uint8Array.from([0, 0, 0x80, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]) },
    ]);
    expect(Array.from(decodeWav(pcm24).samples)).toEqual([
      -1,
      Math.fround(8388607 / 8388608),
      Math.fround(-1 / 8388608),
    ]);
  });

  it('decodes 24-bit samples in a 32-bit extensible container', () => {
    const fmt = {
      encoding: 'pcm',
      bits: 32,
      channels: 2,
      sampleRate: 44100,
      extensible: true,
      validBits: 24,
    } as const;
    const values = [0.5, -0.25, 0.125, -1];
    const { samples, format } = decodeWav(buildWav(values, fmt));
    expect(format.bitsPerSample).toBe(32);
    expect(Array.from(samples)).toEqual(values);
  });

  it('decodes G.711 A-law and mu-law code words', () => {
    const file = (encoding: 'alaw' | 'mulaw', codes: number[]): Uint8Array =>
      riffFile([
        {
          id: 'fmt ',
          body: fmtBody({ encoding, bits: 8, channels: 1, sampleRate: 8000, extraBytes: 0 }),
        },
        { id: 'fact', body: new Uint8Array(4) },
        { id: 'data', body: Uint8Array.from(codes) },
      ]);
    expect(Array.from(decodeWav(file('mulaw', [0xff, 0x80, 0x00])).samples)).toEqual(
      [0, 32124 / 32768, -32124 / 32768].map(Math.fround),
    );
    expect(Array.from(decodeWav(file('alaw', [0xd5, 0x55, 0xaa, 0x2a])).samples)).toEqual(
      [8 / 32768, -8 / 32768, 32256 / 32768, -32256 / 32768].map(Math.fround),
    );
  });

  it('skips odd-sized chunks and their pad byte before fmt and between fmt and data', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 16000 } as const;
    const bytes = riffFile([
      { id: 'odd1', body: new Uint8Array(3).fill(0x7f) },
      { id: 'fmt ', body: fmtBody(fmt) },
      { id: 'cue ', body: new Uint8Array(5).fill(0x11) },
      { id: 'data', body: sampleBytes([0.5, -0.5, 0.25], 'pcm', 16) },
    ]);
    expect(bytes.length).toBe(12 + 8 + 4 + 8 + 16 + 8 + 6 + 8 + 6);
    expect(Array.from(decodeInSlices(bytes, [1]))).toEqual([0.5, -0.5, 0.25]);
  });

  it('reads to the end when the data size is 0 or 0xFFFFFFFF, dropping a partial frame', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 2, sampleRate: 8000 } as const;
    const body = sampleBytes([0.5, -0.5, 0.25, -0.25, 0.125], 'pcm', 16).subarray(0, 9);
    for (const size of [0, 0xffffffff]) {
      const bytes = riffFile([
        { id: 'fmt ', body: fmtBody(fmt) },
        { id: 'data', body, size, noPad: true },
      ]);
      const decoded = decodeWav(bytes);
      expect(decoded.format.dataBytes).toBeUndefined();
      expect(decoded.format.totalFrames).toBeUndefined();
      expect(Array.from(decoded.samples)).toEqual([0.5, -0.5, 0.25, -0.25]);
      expect(Array.from(decodeInSlices(bytes, [3, 1, 2]))).toEqual([0.5, -0.5, 0.25, -0.25]);
    }
  });

  it('tolerates a declared data size that ends mid-frame', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 8000 } as const;
    const bytes = riffFile([
      { id: 'fmt ', body: fmtBody(fmt) },
      { id: 'data', body: sampleBytes([0.5, -0.5], 'pcm', 16).subarray(0, 3) },
    ]);
    const decoded = decodeWav(bytes);
    expect(decoded.format.totalFrames).toBe(1);
    expect(Array.from(decoded.samples)).toEqual([0.5]);
  });

  it('reads an RF64 file whose size lives in the ds64 chunk', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 8000 } as const;
    const ds64 = new Uint8Array(28);
    new DataView(ds64.buffer).setUint32(8, 4, true);
    const bytes = riffFile(
      [
        { id: 'ds64', body: ds64 },
        { id: 'fmt ', body: fmtBody(fmt) },
        { id: 'data', body: sampleBytes([0.5, -0.5, 0.75], 'pcm', 16), size: 0xffffffff },
      ],
      { magic: 'RF64', riffSize: 0xffffffff },
    );
    const decoded = decodeWav(bytes);
    expect(decoded.format.totalFrames).toBe(2);
    expect(Array.from(decoded.samples)).toEqual([0.5, -0.5]);
  });

  it('returns no block for header-only slices and rejects push after end', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 8000 } as const;
    const bytes = buildWav([0.5], fmt);
    const decoder = new WavDecoder();
    expect(decoder.push(bytes.subarray(0, 44))).toBeUndefined();
    expect(decoder.format?.sampleRate).toBe(8000);
    expect(decoder.push(bytes.subarray(44))?.samples[0]).toBe(0.5);
    expect(decoder.framesDecoded).toBe(1);
    decoder.end();
    expect(() => decoder.push(bytes)).toThrow('after end');
  });

  it('decodes an empty data chunk to no samples', () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 8000 } as const;
    const decoded = decodeWav(buildWav([], fmt));
    expect(decoded.frameCount).toBe(0);
    expect(decoded.samples.length).toBe(0);
  });

  it('decodes NaN and infinite floats as finite values', () => {
    const fmt = { encoding: 'float', bits: 32, channels: 1, sampleRate: 8000 } as const;
    const { samples } = decodeWav(buildWav([Number.NaN, Number.POSITIVE_INFINITY, -2], fmt));
    expect(Array.from(samples).every(Number.isFinite)).toBe(true);
    expect(samples[0]).toBe(0);
    expect(samples[2]).toBe(-2);
  });
});

describe('decodeWavStream', () => {
  it('yields blocks from an async source in order', async () => {
    const fmt = { encoding: 'pcm', bits: 24, channels: 2, sampleRate: 48000 } as const;
    const values = testSignal(1000, 2);
    const bytes = buildWav(values, fmt);
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* slices(bytes, [100, 333, 17]);
    }
    const seen: number[] = [];
    let frames = 0;
    for await (const block of decodeWavStream(source())) {
      seen.push(block.startFrame);
      frames += block.frameCount;
      expect(block.format.totalFrames).toBe(1000);
    }
    expect(frames).toBe(1000);
    expect(seen.length).toBeGreaterThan(10);
  });

  it('throws MalformedWavError at the end of a truncated stream', async () => {
    const fmt = { encoding: 'pcm', bits: 16, channels: 1, sampleRate: 8000 } as const;
    const bytes = buildWav(testSignal(100, 1), fmt).subarray(0, 100);
    async function* source(): AsyncGenerator<Uint8Array> {
      yield bytes;
    }
    const consume = async (): Promise<void> => {
      for await (const _ of decodeWavStream(source())) void _;
    };
    await expect(consume()).rejects.toMatchObject({ code: 'MALFORMED_WAV' });
    await expect(consume()).rejects.toThrow(/larger than the file/);
  });
});

describe('WavDecoder with reuseBuffer', () => {
  it('decodes the same samples into one reused buffer', () => {
    const samples = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i / 7) * 0.5);
    const wav = encodeWav16(samples, 16000);
    const fresh = new WavDecoder();
    const reused = new WavDecoder({ reuseBuffer: true });
    const buffers = new Set<ArrayBufferLike>();
    let blocks = 0;
    for (let at = 0; at < wav.length; at += 1000) {
      const a = fresh.push(wav.subarray(at, at + 1000));
      const b = reused.push(wav.subarray(at, at + 1000));
      expect(b?.samples).toEqual(a?.samples);
      if (b) buffers.add(b.samples.buffer);
      if (b) blocks++;
    }
    // The first block is shorter (the header took part of its slice): one regrowth, no more.
    expect(blocks).toBeGreaterThan(5);
    expect(buffers.size).toBeLessThanOrEqual(2);
  });
});

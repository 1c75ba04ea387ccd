import { decodeWav } from './wav-decoder';
import { WavMeanDecoder, type MeanBlock } from './wav-mean.decoder';
import { buildWav, slices } from './testing/wav-bytes.builder';

/** The reference: decode to floats, then average each run of `group` samples in order. */
function averagedFloats(bytes: Uint8Array, group: number): Float64Array {
  const { samples } = decodeWav(bytes);
  const out = new Float64Array(Math.floor(samples.length / group));
  for (let u = 0; u < out.length; u++) {
    let sum = 0;
    for (let g = 0; g < group; g++) sum += samples[u * group + g] as number;
    out[u] = sum * (1 / group);
  }
  return out;
}

function meansInSlices(bytes: Uint8Array, frames: number, sizes: readonly number[]) {
  const decoder = new WavMeanDecoder(() => frames);
  const blocks: MeanBlock[] = [];
  for (const piece of slices(bytes, sizes)) {
    const block = decoder.push(piece);
    if (block) blocks.push(block);
  }
  decoder.end();
  let frame = 0;
  for (const b of blocks) {
    expect(b.startFrame).toBe(frame);
    expect(b.frameCount).toBe(b.means.length * frames);
    frame += b.frameCount;
  }
  const means = new Float64Array(blocks.reduce((n, b) => n + b.means.length, 0));
  let at = 0;
  for (const b of blocks) {
    means.set(b.means, at);
    at += b.means.length;
  }
  return { means, framesSeen: decoder.framesSeen };
}

function signal(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.9 * Math.sin(i * 0.37) - (i % 3) * 0.01);
}

const FORMATS = [
  { encoding: 'pcm', bits: 16 },
  { encoding: 'pcm', bits: 24 },
  { encoding: 'float', bits: 32 },
] as const;

describe('WavMeanDecoder', () => {
  it.each(
    FORMATS.flatMap((f) =>
      [1, 2].flatMap((channels) => [1, 2, 3, 6].map((frames) => ({ ...f, channels, frames }))),
    ),
  )(
    'averages $frames frame(s) of $channels ch $encoding $bits-bit exactly as decoding then averaging',
    ({ encoding, bits, channels, frames }) => {
      const values = signal(301 * channels);
      const bytes = buildWav(values, { encoding, bits, channels, sampleRate: 48000 });
      const expected = averagedFloats(bytes, frames * channels);
      for (const sizes of [[1 << 16], [1, 3, 7], [5, 2, 11, 64]]) {
        const { means, framesSeen } = meansInSlices(bytes, frames, sizes);
        expect(means).toEqual(expected);
        // A run cut by the end of the file yields no mean, but its frames were seen.
        expect(framesSeen).toBe(301);
      }
    },
  );

  it('reads 16-bit samples at an odd byte offset', () => {
    const bytes = buildWav(signal(100), {
      encoding: 'pcm',
      bits: 16,
      channels: 1,
      sampleRate: 16000,
    });
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(meansInSlices(shifted, 2, [1 << 16]).means).toEqual(averagedFloats(bytes, 2));
  });

  it('picks the run length from the format and rejects a bad one', () => {
    const bytes = buildWav(signal(64), {
      encoding: 'pcm',
      bits: 16,
      channels: 1,
      sampleRate: 16000,
    });
    const decoder = new WavMeanDecoder((format) => format.sampleRate / 8000);
    expect(decoder.push(bytes)?.means.length).toBe(32);
    expect(() => new WavMeanDecoder(() => 0).push(bytes)).toThrow(RangeError);
  });
});

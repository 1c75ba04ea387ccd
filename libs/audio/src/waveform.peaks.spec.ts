import { encodeWav16 } from './wav-encoder';
import { isMalformedWavError } from './malformed-wav.error';
import { waveformOf } from './waveform.peaks';

async function* slices(bytes: Uint8Array, size = 777): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('waveformOf', () => {
  it('gives each bucket its lowest and highest sample, mono, in [-1, 1]', async () => {
    // 4 buckets of 100 frames: silence, +0.5 / -0.25, a ramp, a clipped square.
    const samples = new Float32Array(400).map((_, i) => {
      if (i < 100) return 0;
      if (i < 200) return i % 2 ? 0.5 : -0.25;
      if (i < 300) return (i - 200) / 200;
      return i % 2 ? 1 : -1;
    });
    const bytes = encodeWav16(samples, 8_000);
    const wave = await waveformOf(slices(bytes), 4, bytes.length);
    expect(wave).toMatchObject({ sampleRate: 8_000, durationSeconds: 0.05, points: 4 });
    expect(wave.max[0]).toBe(0);
    expect(wave.max[1]).toBeCloseTo(0.5, 3);
    expect(wave.min[1]).toBeCloseTo(-0.25, 3);
    expect(wave.min[2]).toBe(0);
    expect(wave.max[2]).toBeCloseTo(0.495, 3);
    expect(wave.max[3]).toBeLessThanOrEqual(1);
    expect(wave.min[3]).toBe(-1);
  });

  it('mixes stereo down, and gives at most one bucket per frame', async () => {
    const stereo = new Float32Array([0.5, -0.5, 0.5, 0.1, -0.2, -0.6]);
    const bytes = encodeWav16(stereo, 16_000, 2);
    const wave = await waveformOf(slices(bytes, 5), 800, bytes.length);
    expect(wave.points).toBe(3);
    expect(wave.max.map((v) => Math.round(v * 100) / 100)).toEqual([0, 0.3, -0.4]);
  });

  it('refuses what is not a WAV file', async () => {
    const text = new TextEncoder().encode('not a wav file at all, not even close to one');
    const error: unknown = await waveformOf(slices(text), 10, text.length).catch((e: unknown) => e);
    expect(isMalformedWavError(error)).toBe(true);
  });
});

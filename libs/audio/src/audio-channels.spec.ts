import { deinterleave, interleave, mixToMono } from './audio-channels';

describe('channel helpers', () => {
  it('returns mono input as is', () => {
    const mono = Float32Array.from([0.1, 0.2]);
    expect(mixToMono(mono, 1)).toBe(mono);
  });

  it('averages stereo and multichannel frames', () => {
    expect(Array.from(mixToMono(Float32Array.from([1, 0, 0.5, 0.5, -1, 0]), 2))).toEqual([
      0.5, 0.5, -0.5,
    ]);
    const out = new Float32Array(2);
    expect(mixToMono(Float32Array.from([0.75, 0, 0, 0, 0.75, 0.75]), 3, out)).toBe(out);
    expect(Array.from(out)).toEqual([0.25, 0.5]);
  });

  it('splits and rebuilds interleaved channels', () => {
    const samples = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const planes = deinterleave(samples, 3);
    expect(planes.map((p) => Array.from(p))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(interleave(planes)).toEqual(samples);
  });
});

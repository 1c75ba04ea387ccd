import { seededRandom } from '../../src/testing/seeded-random';
import { clicks, hum, ramp, speechShaped } from './interference-noise';
import { music } from './music-noise';

const RATE = 16000;
const N = RATE * 4;

const rms = (x: Float32Array, from = 0, to = x.length): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / (to - from));
};

const db = (ratio: number): number => 20 * Math.log10(ratio);

const generators = {
  music: (r: () => number) => music(N, RATE, r),
  clicks: (r: () => number) => clicks(N, RATE, r),
  hum: (r: () => number) => hum(N, RATE, r),
  speechShaped: (r: () => number) => speechShaped(N, RATE, r),
  ramp: (r: () => number) => ramp(N, RATE, r),
};

describe('widened-corpus noises', () => {
  it.each(Object.entries(generators))(
    '%s: unit RMS, finite, same from the same seed',
    (_, make) => {
      const a = make(seededRandom(5));
      expect(a.length).toBe(N);
      expect(a.every(Number.isFinite)).toBe(true);
      expect(rms(a)).toBeCloseTo(1, 3);
      expect(make(seededRandom(5))).toEqual(a);
    },
  );

  it('clicks are impulsive: a few samples far above the RMS', () => {
    const x = clicks(N, RATE, seededRandom(2));
    const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(db(peak / rms(x))).toBeGreaterThan(15);
  });

  it('a ramping floor moves 20 dB between its start and its turning point', () => {
    for (const seed of [1, 2, 3, 4]) {
      const x = ramp(N, RATE, seededRandom(seed));
      const tenth = N / 10;
      const start = rms(x, 0, tenth / 4);
      const levels = [3, 4, 5].map((k) => rms(x, k * tenth, k * tenth + tenth / 4));
      const swing = Math.max(...levels.map((l) => Math.abs(db(l / start))));
      expect(swing).toBeGreaterThan(12);
      expect(swing).toBeLessThan(22);
    }
  });
});

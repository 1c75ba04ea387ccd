import { NoiseFloorTracker } from './noise-floor.tracker';
import { seededRandom } from './testing/seeded-random';

const BINS = 16;
const HOP = 0.016;

/** Periodogram-like frames: exponential power around `level` in every bin. */
function frames(count: number, level: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () =>
    Float64Array.from({ length: BINS }, () => -Math.log(1 - random()) * level),
  );
}

function seeded(level: number): NoiseFloorTracker {
  const tracker = new NoiseFloorTracker(BINS, HOP);
  const sample = frames(50, level, 1);
  const rows = new Float32Array(50 * BINS);
  sample.forEach((f, r) => rows.set(f, r * BINS));
  tracker.initialize(rows, 50);
  return tracker;
}

const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;

/** Frames with the lower half of the bins 20 dB up: the formant region of voiced speech. */
function lowerRaised(seconds: number, seed: number): Float64Array[] {
  return frames(seconds / HOP, 1, seed).map((f) => f.map((v, k) => (k < BINS / 2 ? v * 100 : v)));
}

/** Mean of the estimate over the lower half of the bins. */
const lowerMean = (a: Float64Array): number => mean(a.subarray(0, BINS / 2));

describe('NoiseFloorTracker', () => {
  it('seeds from the quietest frames of the sample', () => {
    const tracker = new NoiseFloorTracker(BINS, HOP);
    const loud = frames(40, 100, 2);
    const quiet = frames(10, 1, 3);
    const rows = new Float32Array(50 * BINS);
    [...loud, ...quiet].forEach((f, r) => rows.set(f, r * BINS));
    tracker.initialize(rows, 50);
    expect(mean(tracker.noise)).toBeGreaterThan(0.5);
    expect(mean(tracker.noise)).toBeLessThan(2);
  });

  it('follows stationary noise and freezes under a sudden loud burst', () => {
    const tracker = seeded(1);
    for (const f of frames(300, 1, 4)) tracker.update(f);
    expect(mean(tracker.noise)).toBeGreaterThan(0.8);
    expect(mean(tracker.noise)).toBeLessThan(1.25);
    for (const f of frames(40, 1000, 5)) tracker.update(f);
    expect(mean(tracker.noise)).toBeLessThan(3);
  });

  it('re-learns a lasting change of noise level within a few seconds', () => {
    const tracker = seeded(1);
    for (const f of frames(4 / HOP, 10, 6)) tracker.update(f);
    expect(mean(tracker.noise)).toBeGreaterThan(7);
    for (const f of frames(4 / HOP, 0.1, 7)) tracker.update(f);
    expect(mean(tracker.noise)).toBeLessThan(0.15);
  });

  it('holds bins that speech fills for longer than the minimum window, for a while only', () => {
    // A vowel-rich utterance of 2.6 s, past MCRA's 1-2 s window.
    const holding = seeded(1);
    const mcraAlone = seeded(1);
    for (const f of lowerRaised(2.6, 10)) {
      holding.update(f);
      mcraAlone.update(f, false, false);
    }
    expect(lowerMean(mcraAlone.noise)).toBeGreaterThan(10);
    expect(lowerMean(holding.noise)).toBeLessThan(1.5);
    // A change that lasts is still learned once the hold (1 s) runs out.
    for (const f of lowerRaised(1.5, 11)) holding.update(f);
    expect(lowerMean(holding.noise)).toBeGreaterThan(50);
  });

  it('follows frames marked noise-like at once, however loud, within seconds', () => {
    const frozen = seeded(1);
    const following = seeded(1);
    for (const f of frames(0.5 / HOP, 4, 8)) {
      frozen.update(f);
      following.update(f, true);
    }
    // A 6 dB rise held for half a second: MCRA alone has not moved yet; the follower has.
    expect(mean(frozen.noise)).toBeLessThan(1.3);
    expect(mean(following.noise)).toBeGreaterThan(1.3);
    for (const f of frames(3 / HOP, 4, 9)) following.update(f, true);
    expect(mean(following.noise)).toBeGreaterThan(3.5);
  });
});

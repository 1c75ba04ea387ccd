import { LikelihoodRatioScorer } from './likelihood-ratio.scorer';
import { seededRandom } from './testing/seeded-random';

const BINS = 64;

function noiseFrame(random: () => number, level: number): Float64Array {
  return Float64Array.from({ length: BINS }, () => -Math.log(1 - random()) * level);
}

/** A harmonic-looking frame: a few strong bins over the noise. */
function voicedFrame(random: () => number, level: number): Float64Array {
  const frame = noiseFrame(random, level);
  for (let k = 3; k < BINS; k += 6) frame[k] = (frame[k] as number) + 100 * level;
  return frame;
}

describe('LikelihoodRatioScorer', () => {
  it('scores noise that matches the estimate near zero, at any level', () => {
    for (const level of [1e-6, 1, 1e3]) {
      const random = seededRandom(1);
      const scorer = new LikelihoodRatioScorer(BINS, 1e-12);
      const noise = new Float64Array(BINS).fill(level);
      let max = -Infinity;
      for (let i = 0; i < 500; i++)
        max = Math.max(max, scorer.score(noiseFrame(random, level), noise));
      expect(max).toBeLessThan(0.06);
    }
  });

  it('scores energy well above the noise high', () => {
    const random = seededRandom(2);
    const scorer = new LikelihoodRatioScorer(BINS, 1e-12);
    const noise = new Float64Array(BINS).fill(1);
    scorer.score(voicedFrame(random, 1), noise);
    expect(scorer.score(voicedFrame(random, 1), noise)).toBeGreaterThan(1);
  });

  it('treats power below the absolute floor as silence', () => {
    const scorer = new LikelihoodRatioScorer(BINS, 1e-8);
    const tiny = new Float64Array(BINS).fill(1e-10);
    expect(scorer.score(tiny, new Float64Array(BINS))).toBeLessThan(0.01);
  });

  it('reads noise as flat and harmonic energy as far from flat', () => {
    const random = seededRandom(3);
    const scorer = new LikelihoodRatioScorer(BINS, 1e-12);
    const noise = new Float64Array(BINS).fill(1);
    const flat = scorer.whitenedFlatnessDb(noiseFrame(random, 1), noise);
    expect(flat).toBeGreaterThan(-4);
    expect(flat).toBeLessThan(0);
    expect(scorer.whitenedFlatnessDb(voicedFrame(random, 1), noise)).toBeLessThan(-6);
  });
});

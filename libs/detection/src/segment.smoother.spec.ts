import { SegmentSmoother, type SmoothingRules } from './segment.smoother';

const RULES: SmoothingRules = { minSpeech: 0.25, minSilence: 0.3, padding: 0.1, minVoiced: 2 };

function smooth(runs: Array<[number, number, number?]>, duration: number, rules = RULES) {
  const smoother = new SegmentSmoother(rules);
  for (const [start, end, voiced] of runs) smoother.add(start, end, voiced ?? 5);
  return smoother.finish(duration);
}

describe('SegmentSmoother', () => {
  it('bridges gaps shorter than minSilence before applying minSpeech', () => {
    expect(
      smooth(
        [
          [1, 1.1],
          [1.3, 1.4],
          [1.6, 1.7],
        ],
        10,
      ),
    ).toEqual([{ start: 0.9, end: 1.8 }]);
  });

  it('keeps gaps of minSilence or more and drops segments shorter than minSpeech', () => {
    expect(
      smooth(
        [
          [1, 1.1],
          [1.5, 2],
        ],
        10,
      ),
    ).toEqual([{ start: 1.4, end: 2.1 }]);
  });

  it('merges segments whose padding overlaps', () => {
    expect(
      smooth(
        [
          [1, 1.5],
          [1.8, 2.3],
        ],
        10,
        { ...RULES, padding: 0.2 },
      ),
    ).toEqual([{ start: 0.8, end: 2.5 }]);
  });

  it('drops segments without enough voiced frames, counted across bridged runs', () => {
    expect(smooth([[1, 2, 1]], 10)).toEqual([]);
    expect(
      smooth(
        [
          [1, 2, 1],
          [2.1, 2.5, 1],
        ],
        10,
      ),
    ).toEqual([{ start: 0.9, end: 2.6 }]);
  });

  it('clips to [0, duration] and rounds to milliseconds', () => {
    expect(
      smooth(
        [
          [0.05, 0.51234],
          [9.5, Number.POSITIVE_INFINITY],
        ],
        9.87654,
      ),
    ).toEqual([
      { start: 0, end: 0.612 },
      { start: 9.4, end: 9.877 },
    ]);
  });

  it('returns nothing without runs', () => {
    expect(smooth([], 10)).toEqual([]);
  });
});

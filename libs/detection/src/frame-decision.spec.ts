import { FrameDecision } from './frame-decision';

function runs(scores: number[], voiced: boolean[] = []): number[][] {
  const out: number[][] = [];
  const decision = new FrameDecision(
    { onThreshold: 1, offThreshold: 0.5, minRunFrames: 2, hangoverFrames: 2 },
    (first, last, v) => out.push([first, last, v]),
  );
  scores.forEach((s, i) => decision.push(s, voiced[i] ?? false));
  decision.finish();
  return out;
}

describe('FrameDecision', () => {
  it('starts above the on threshold and continues above the lower off threshold', () => {
    expect(runs([0, 0.8, 1.2, 0.7, 0.6, 0.2, 0.2, 0.2, 0])).toEqual([[2, 4, 0]]);
  });

  it('bridges dips no longer than the hangover and ends runs after it', () => {
    expect(runs([2, 2, 0, 0, 2, 0, 0, 0, 2, 2])).toEqual([
      [0, 4, 0],
      [8, 9, 0],
    ]);
  });

  it('drops runs shorter than the minimum and counts voiced frames', () => {
    expect(runs([2, 0, 0, 0, 2, 2, 2], [true, false, false, false, true, false, true])).toEqual([
      [4, 6, 2],
    ]);
  });

  it('reports candidates for the voicing check', () => {
    const decision = new FrameDecision(
      { onThreshold: 1, offThreshold: 0.5, minRunFrames: 1, hangoverFrames: 1 },
      () => undefined,
    );
    expect(decision.isCandidate(0.6)).toBe(true);
    expect(decision.isCandidate(0.4)).toBe(false);
  });
});

describe('FrameDecision anchored on voicing', () => {
  const anchor = { leadFrames: 1, tailFrames: 2, maxUnvoicedFrames: 3, tailShare: 0.01 };

  function anchored(scores: number[], voiced: boolean[]): number[][] {
    const out: number[][] = [];
    const decision = new FrameDecision(
      { onThreshold: 1, offThreshold: 0.5, minRunFrames: 1, hangoverFrames: 1, anchor },
      (first, last, v) => out.push([first, last, v]),
    );
    scores.forEach((s, i) => decision.push(s, voiced[i] ?? false));
    decision.finish();
    return out;
  }

  it('trims unvoiced frames beyond the lead and tail around the voiced ones', () => {
    const scores = [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0];
    const voiced = [false, false, false, true, true, false, false, false, false];
    expect(anchored(scores, voiced)).toEqual([[2, 6, 2]]);
  });

  it('keeps after the last voiced frame only frames within the tail share of the peak', () => {
    // A loud utterance ends at frame 3; frames 4-5 are noise just over the off threshold.
    const scores = [500, 800, 600, 400, 0.6, 0.7, 0, 0];
    const voiced = [true, true, true, true];
    expect(anchored(scores, voiced)).toEqual([[0, 3, 4]]);
    // A quiet one: the same noise is within 1 % of its peak and may be a coda, as before.
    expect(anchored([5, 8, 6, 4, 0.6, 0.7, 0, 0], voiced)).toEqual([[0, 5, 4]]);
  });

  it('drops runs without any voiced frame (noise that only changes level)', () => {
    expect(anchored([2, 2, 2, 2, 2, 0, 0], [])).toEqual([]);
  });

  it('ends a run after too long without voicing, so level swings cannot stretch it', () => {
    const scores = Array.from({ length: 20 }, () => 2);
    const voiced = scores.map((_, i) => i === 2 || i === 15);
    expect(anchored(scores, voiced)).toEqual([
      [1, 4, 1],
      [14, 17, 1],
    ]);
  });
});

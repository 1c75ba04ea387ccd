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

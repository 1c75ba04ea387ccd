import { SteadinessWindow, type SteadinessRules } from './steadiness.window';

const RULES: SteadinessRules = {
  delay: 2,
  maxSteadyShare: 0.35,
  minMoving: 3,
  musicPresence: 0.05,
  presenceAlpha: 0.9,
};

type Frame = 'moving' | 'steady' | 'quiet';

/** Frames out of the window, in order: [score, voiced] per frame. */
function judge(frames: readonly Frame[], rules = RULES): [number, boolean][] {
  const out: [number, boolean][] = [];
  const window = new SteadinessWindow(rules, (score, voiced) => out.push([score, voiced]));
  frames.forEach((f, i) => window.push(i, f !== 'quiet', f === 'steady'));
  window.finish();
  return out;
}

const voicedAt = (frames: readonly Frame[], rules = RULES): number[] =>
  judge(frames, rules).flatMap(([score, voiced]) => (voiced ? [score] : []));

describe('SteadinessWindow', () => {
  it('emits every frame once, in order, delayed or flushed at the end', () => {
    const frames: Frame[] = ['moving', 'quiet', 'steady', 'moving', 'moving', 'quiet', 'moving'];
    expect(judge(frames).map(([score]) => score)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(judge(['moving']).map(([score]) => score)).toEqual([0]);
  });

  it('lets every moving frame anchor where no music has been heard', () => {
    const frames: Frame[] = ['quiet', 'moving', 'quiet', 'quiet', 'moving', 'quiet'];
    expect(voicedAt(frames)).toEqual([1, 4]);
  });

  it('never lets a steady frame anchor', () => {
    expect(voicedAt(['steady', 'steady', 'steady'])).toEqual([]);
  });

  it('once music is about, drops a lone note onset between held notes', () => {
    const melody: Frame[] = [
      ...Array<Frame>(10).fill('steady'),
      'moving',
      ...Array<Frame>(10).fill('steady'),
    ];
    expect(voicedAt(melody)).toEqual([]);
  });

  it('once music is about, keeps speech that moves throughout', () => {
    const frames: Frame[] = [
      ...Array<Frame>(10).fill('steady'),
      ...Array<Frame>(10).fill('moving'),
    ];
    // The first moving frames still see held notes within reach; the rest anchor.
    expect(voicedAt(frames)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});

import { concat, firstDifference, noise, randomChunks, sine } from '../testing/test-signals';
import { PolyphaseResampler } from '../resampling/polyphase-resampler';
import { ClipCutter, type ClipPiece } from './clip-cutter';
import { planClips, type PlannedClip } from './clip-plan';

/** Feeds `source` in random blocks; returns each clip's samples and how many `last` pieces it had. */
function cut(cutter: ClipCutter, source: Float32Array, maxChunk: number, seed = 1) {
  const pieces: ClipPiece[] = [];
  for (const chunk of randomChunks(source, maxChunk, seed)) pieces.push(...cutter.push(chunk));
  cutter.finish();
  const byClip = new Map<number, Float32Array[]>();
  for (const piece of pieces)
    byClip.set(piece.clip.index, [...(byClip.get(piece.clip.index) ?? []), piece.samples]);
  return {
    clips: [...byClip.values()].map(concat),
    order: pieces.map((p) => p.clip.index),
    lasts: pieces.filter((p) => p.last).map((p) => p.clip.index),
  };
}

const resampledWhole = (samples: Float32Array, from: number, to: number) => {
  const resampler = new PolyphaseResampler(from, to);
  return concat([resampler.push(samples), resampler.finish()]);
};

describe('cutting clips out of a stream', () => {
  const rate = 48000;
  const audio = noise(rate, 6, 0.5, 3);
  const plan = planClips(
    [
      { start: 4, end: 5.5 },
      { start: 0, end: 0.75 },
      { start: 1.2, end: 2.05 },
    ],
    50,
    { sampleRate: rate, frames: audio.length },
  );

  it('at the source rate, gives exactly the source samples of each clip, in order', () => {
    const cutter = new ClipCutter(plan, rate, rate);
    const { clips, order, lasts } = cut(cutter, audio, 7000);
    expect(lasts).toEqual([0, 1, 2]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    plan.forEach((clip: PlannedClip, i) => {
      const expected = audio.subarray(clip.startFrame, clip.endFrame);
      expect(clips[i]?.length).toBe(cutter.outputFrames(clip));
      expect(firstDifference(clips[i] as Float32Array, expected)).toBe(-1);
    });
  });

  it.each([
    [48000, 16000],
    [48000, 44100],
    [8000, 16000],
  ])(
    'resampled %i -> %i Hz, each clip is its source span resampled whole, at the announced length',
    (from, to) => {
      const source = from === rate ? audio : noise(from, 6, 0.5, 4);
      const clipsPlan = planClips(
        [
          { start: 0.1, end: 1.3 },
          { start: 2.7, end: 2.71 },
          { start: 3.12345, end: 3.98765 }, // a length no ratio divides: the last output is partial
          { start: 5.2, end: 7 },
        ],
        20,
        { sampleRate: from, frames: source.length },
      );
      const cutter = new ClipCutter(clipsPlan, from, to);
      for (const seed of [1, 2]) {
        const { clips } = cut(new ClipCutter(clipsPlan, from, to), source, 5000, seed);
        clipsPlan.forEach((clip, i) => {
          const whole = resampledWhole(source.subarray(clip.startFrame, clip.endFrame), from, to);
          expect(clips[i]?.length).toBe(cutter.outputFrames(clip));
          expect(firstDifference(clips[i] as Float32Array, whole)).toBe(-1);
        });
      }
    },
  );

  it('keeps a tone at its frequency and level when resampling (no aliasing, no gain)', () => {
    const tone = sine(1000, 44100, 2, 0.5);
    const tonePlan = planClips([{ start: 0.5, end: 1.5 }], 0, {
      sampleRate: 44100,
      frames: tone.length,
    });
    const { clips } = cut(new ClipCutter(tonePlan, 44100, 16000), tone, 4096);
    const clip = clips[0] as Float32Array;
    expect(clip.length).toBe(16000);
    // Away from the clip's edges it matches a 1 kHz sine at 16 kHz, phase from 0.5 s.
    let worst = 0;
    for (let n = 500; n < clip.length - 500; n++) {
      const expected = 0.5 * Math.sin(2 * Math.PI * 1000 * (0.5 + n / 16000));
      worst = Math.max(worst, Math.abs((clip[n] as number) - expected));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('fails when the audio ends before the last clip does', () => {
    const cutter = new ClipCutter(plan, rate, rate);
    cutter.push(audio.subarray(0, rate * 5));
    expect(() => cutter.finish()).toThrow(/ended at frame 240000, before clip 2/);
  });
});

import { applyGain, applyGainInPlace, chooseGain, dbToLinear } from './gain';

describe('gain', () => {
  const target = { targetLufs: -23, truePeakDb: -1 };

  it('moves the loudness to the target when the peak allows it', () => {
    expect(chooseGain({ lufs: -30, peakDb: -12 }, target)).toEqual({
      gainDb: 7,
      limitedByPeak: false,
    });
    expect(chooseGain({ lufs: -10, peakDb: -0.5 }, target)).toEqual({
      gainDb: -13,
      limitedByPeak: false,
    });
  });

  it('stops at the peak ceiling: gain = min(target - lufs, ceiling - peak)', () => {
    expect(chooseGain({ lufs: -40, peakDb: -6 }, target)).toEqual({
      gainDb: 5,
      limitedByPeak: true,
    });
  });

  it('leaves silence alone', () => {
    expect(chooseGain({ lufs: null, peakDb: -Infinity }, target)).toEqual({
      gainDb: 0,
      limitedByPeak: false,
    });
  });

  it('scales a copy, or in place', () => {
    const block = new Float32Array([0.5, -0.25, 0]);
    const louder = applyGain(block, 20 * Math.log10(2));
    expect(Array.from(louder)).toEqual([1, -0.5, 0]);
    expect(Array.from(block)).toEqual([0.5, -0.25, 0]);
    expect(applyGainInPlace(block, -20 * Math.log10(2))).toBe(block);
    expect(Array.from(block)).toEqual([0.25, -0.125, 0]);
    expect(dbToLinear(-6)).toBeCloseTo(0.501187, 6);
  });
});

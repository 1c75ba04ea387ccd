import { planAnalysis } from './analysis-plan';

describe('planAnalysis', () => {
  it.each([8000, 11025, 12000, 16000, 22050, 32000, 44100, 48000, 96000, 192000, 384000])(
    'analyses %i Hz at 8-16 kHz with a 16-32 ms window and a ~24 ms hop',
    (rate) => {
      const plan = planAnalysis(rate);
      expect(plan.analysisRate).toBeGreaterThanOrEqual(8000);
      expect(plan.analysisRate).toBeLessThan(16000);
      expect(Number.isInteger(plan.decimation)).toBe(true);
      expect(plan.fftSize & (plan.fftSize - 1)).toBe(0);
      const windowMs = (plan.fftSize / plan.analysisRate) * 1000;
      expect(windowMs).toBeGreaterThanOrEqual(16);
      expect(windowMs).toBeLessThanOrEqual(32);
      expect(plan.hopSeconds).toBeGreaterThan(0.021);
      expect(plan.hopSeconds).toBeLessThan(0.025);
      expect(plan.hop).toBeLessThanOrEqual(plan.fftSize);
      expect((plan.bandFrom * plan.analysisRate) / plan.fftSize).toBeGreaterThanOrEqual(300);
      expect((plan.bandTo * plan.analysisRate) / plan.fftSize).toBeLessThanOrEqual(4000);
      expect(plan.bandTo - plan.bandFrom).toBeGreaterThan(60);
    },
  );

  it('still plans very low rates, where the speech band may be empty', () => {
    for (const rate of [1, 100, 1000, 4000]) {
      const plan = planAnalysis(rate);
      expect(plan.fftSize).toBeGreaterThanOrEqual(8);
      expect(plan.hop).toBeGreaterThanOrEqual(1);
      expect(plan.hop).toBeLessThanOrEqual(plan.fftSize);
    }
    expect(planAnalysis(100).bandTo).toBeLessThan(planAnalysis(100).bandFrom);
  });
});

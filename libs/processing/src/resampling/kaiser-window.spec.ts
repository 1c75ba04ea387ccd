import { besselI0, KaiserWindow, kaiserBeta, sinc } from './kaiser-window';
import { buildPolyphaseBank, DEFAULT_LOWPASS, gcd } from './polyphase-bank';

describe('Kaiser window design', () => {
  it('computes I0 to double precision', () => {
    expect(besselI0(0)).toBe(1);
    expect(besselI0(1)).toBeCloseTo(1.2660658777520082, 14);
    expect(besselI0(10)).toBeCloseTo(2815.716628466254, 8);
  });

  it("uses Kaiser's beta and a window that is 1 at the centre and 0 outside", () => {
    expect(kaiserBeta(90)).toBeCloseTo(8.95926, 5);
    const window = new KaiserWindow(10, kaiserBeta(90));
    expect(window.at(0)).toBe(1);
    expect(window.at(10.01)).toBe(0);
    expect(window.at(5)).toBeCloseTo(window.at(-5), 15);
    expect(sinc(0)).toBe(1);
    expect(sinc(1)).toBeCloseTo(0, 15);
  });

  it('builds a bank with unit DC gain in every phase', () => {
    expect(gcd(44100, 16000)).toBe(100);
    const bank = buildPolyphaseBank(44100, 160, 441, DEFAULT_LOWPASS);
    expect(bank.exact).toBe(true);
    expect(bank.phases).toBe(160);
    for (let p = 0; p < bank.phases; p++) {
      const row = bank.coefficients.subarray(p * bank.taps, (p + 1) * bank.taps);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });
});

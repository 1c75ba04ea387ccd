import { RealFft } from './fft';

function naivePower(input: Float64Array, window: Float64Array): Float64Array {
  const n = input.length;
  const out = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      const x = (input[t] as number) * (window[t] as number);
      re += x * Math.cos((-2 * Math.PI * k * t) / n);
      im += x * Math.sin((-2 * Math.PI * k * t) / n);
    }
    out[k] = re * re + im * im;
  }
  return out;
}

describe('RealFft', () => {
  it.each([8, 16, 32, 64, 128, 256, 512, 1024])('matches a direct DFT at size %i', (n) => {
    const input = Float64Array.from(
      { length: n },
      (_, i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1) + ((i * 7919) % 13) / 13,
    );
    const window = Float64Array.from(
      { length: n },
      (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n),
    );
    const out = new Float64Array(n / 2 + 1);
    new RealFft(n, window).power(input, out);
    const expected = naivePower(input, window);
    const scale = Math.max(...expected);
    expected.forEach((v, k) => expect(Math.abs((out[k] as number) - v) / scale).toBeLessThan(1e-9));
  });

  it('computes only the requested bins and uses a rectangular window by default', () => {
    const n = 64;
    const input = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n));
    const out = new Float64Array(n / 2 + 1).fill(-1);
    new RealFft(n).power(input, out, 4, 6);
    expect(out[3]).toBe(-1);
    expect(out[7]).toBe(-1);
    expect(out[5]).toBeCloseTo((n / 2) ** 2, 6);
    expect(out[4]).toBeCloseTo(0, 9);
  });

  it('rejects sizes that are not powers of two of at least 8', () => {
    expect(() => new RealFft(4)).toThrow(RangeError);
    expect(() => new RealFft(100)).toThrow(RangeError);
  });
});

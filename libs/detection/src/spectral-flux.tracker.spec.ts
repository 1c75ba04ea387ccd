import { SpectralFluxTracker } from './spectral-flux.tracker';
import { seededRandom } from './testing/seeded-random';

const BANDS = 32;
const HOP = 0.024;
const noise = new Float64Array(BANDS).fill(1);

/** Smoothed flux after `frames` spectra from `spectrum(frame)`. */
function fluxOf(frames: number, spectrum: (frame: number) => Float64Array): number {
  const tracker = new SpectralFluxTracker(BANDS, HOP);
  let flux = tracker.flux;
  for (let f = 0; f < frames; f++) {
    const power = spectrum(f);
    flux = tracker.measure(power, noise);
    tracker.keep(power);
  }
  return flux;
}

describe('SpectralFluxTracker', () => {
  it('reads a held note (the same partials frame after frame) as steady', () => {
    const note = new Float64Array(BANDS).map((_, k) => (k % 4 === 0 ? 1000 : 1));
    expect(fluxOf(40, () => note)).toBeLessThan(0.02);
  });

  it('reads partials that move from frame to frame (a gliding voice) as moving', () => {
    const gliding = (f: number) =>
      new Float64Array(BANDS).map((_, k) => ((k + f) % 4 === 0 ? 1000 : 1));
    expect(fluxOf(40, gliding)).toBeGreaterThan(0.4);
  });

  it('reads noise near its periodogram flux, between the two', () => {
    const random = seededRandom(3);
    // Exponential periodogram values around the noise level.
    const periodogram = () => new Float64Array(BANDS).map(() => -Math.log(1 - random()));
    const flux = fluxOf(200, periodogram);
    expect(flux).toBeGreaterThan(0.1);
    expect(flux).toBeLessThan(0.4);
  });

  it('starts from the flux of noise before any frame is measured', () => {
    expect(new SpectralFluxTracker(BANDS, HOP).flux).toBeCloseTo(0.25);
  });
});

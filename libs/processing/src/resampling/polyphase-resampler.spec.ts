import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';
import {
  concat,
  firstDifference,
  middleRms,
  noise,
  randomChunks,
  sine,
  toDb,
  thrownCode,
} from '../testing/test-signals';
import { PolyphaseResampler } from './polyphase-resampler';

const resampleAll = (input: Float32Array, from: number, to: number): Float32Array => {
  const resampler = new PolyphaseResampler(from, to);
  return concat([resampler.push(input), resampler.finish()]);
};

/** Gain in dB that a tone of `frequency` goes through (output RMS / input RMS, mid-signal). */
const toneGainDb = (frequency: number, from: number, to: number): number => {
  const input = sine(frequency, from, 1);
  return toDb(middleRms(resampleAll(input, from, to)) / middleRms(input));
};

describe('PolyphaseResampler', () => {
  it('reduces the ratio: 44100 -> 16000 is 160/441', () => {
    const resampler = new PolyphaseResampler(44100, 16000);
    expect([resampler.up, resampler.down]).toEqual([160, 441]);
  });

  it.each([
    [48000, 16000],
    [44100, 16000],
    [22050, 16000],
    [8000, 16000],
    [16000, 48000],
  ])('keeps a 1 kHz sine within 0.1 dB (%i -> %i)', (from, to) => {
    expect(Math.abs(toneGainDb(1000, from, to))).toBeLessThan(0.1);
  });

  it('is flat to 0.9 x the output Nyquist (7.2 kHz at 16 kHz)', () => {
    for (const frequency of [50, 3000, 6000, 7200]) {
      expect(Math.abs(toneGainDb(frequency, 48000, 16000))).toBeLessThan(0.1);
    }
  });

  it('suppresses what would alias: a 9 kHz tone 48 -> 16 kHz is >= 80 dB down', () => {
    expect(toneGainDb(9000, 48000, 16000)).toBeLessThan(-80);
  });

  it.each([
    [48000, 16000],
    [44100, 16000],
    [192000, 8000],
  ])('rejects everything above the output Nyquist by >= 80 dB (%i -> %i)', (from, to) => {
    const nyquist = to / 2;
    for (const factor of [1, 1.02, 1.125, 1.5, 2.5]) {
      expect(toneGainDb(nyquist * factor, from, to)).toBeLessThan(-80);
    }
  });

  it('passes a 7.2 kHz tone while removing a 9 kHz one mixed with it', () => {
    const input = sine(7200, 48000, 1, 0.5).map(
      (x, i) => x + 0.5 * Math.sin((2 * Math.PI * 9000 * i) / 48000),
    );
    const output = resampleAll(input, 48000, 16000);
    const reference = resampleAll(sine(7200, 48000, 1, 0.5), 48000, 16000);
    const residual = output.map((y, i) => y - (reference[i] as number));
    expect(toDb(middleRms(residual) / middleRms(reference))).toBeLessThan(-80);
  });

  it.each([
    [44100, 16000, 440],
    [44100, 16000, 7000],
    [16000, 48000, 7000],
    [44101, 48000, 18000], // interpolated phases
    [191999, 8000, 3500], // interpolated phases
  ])(
    'adds no delay or error: output n is the input at time n*down/up (%i -> %i, %i Hz)',
    (from, to, frequency) => {
      const output = resampleAll(sine(frequency, from, 1), from, to);
      const expected = sine(frequency, to, 1);
      const error = output.map((y, i) => y - (expected[i] as number));
      expect(toDb(middleRms(error) / middleRms(expected))).toBeLessThan(-85);
    },
  );

  it.each([
    [48000, 16000],
    [44100, 16000],
    [11025, 16000],
    [8000, 44100],
    [44101, 16000], // 16000/44101 phases: too many to tabulate, so interpolated
    [16000, 16000],
  ])('gives identical output whether fed at once or in random chunks (%i -> %i)', (from, to) => {
    const input = noise(from, 0.5, 0.9, from);
    const whole = resampleAll(input, from, to);
    for (const [maxChunk, seed] of [
      [1, 1],
      [97, 2],
      [5000, 3],
    ] as const) {
      const resampler = new PolyphaseResampler(from, to);
      const parts = randomChunks(input, maxChunk, seed).map((chunk) => resampler.push(chunk));
      expect(firstDifference(concat([...parts, resampler.finish()]), whole)).toBe(-1);
    }
  });

  it('makes ceil(input * up / down) outputs in total, even from very short input', () => {
    for (const length of [0, 1, 2, 440, 441, 442, 44100]) {
      expect(resampleAll(new Float32Array(length), 44100, 16000).length).toBe(
        Math.ceil((length * 160) / 441),
      );
    }
  });

  it('copies through unchanged when the rates are equal', () => {
    const input = noise(16000, 0.1, 1);
    const resampler = new PolyphaseResampler(16000, 16000);
    const output = resampler.push(input);
    expect(firstDifference(output, input)).toBe(-1);
    expect(output).not.toBe(input);
    expect(resampler.finish().length).toBe(0);
  });

  it('interpolates phases accurately when the ratio is too fine to tabulate', () => {
    expect(Math.abs(toneGainDb(1000, 44101, 16000))).toBeLessThan(0.1);
    expect(toneGainDb(9000, 44101, 16000)).toBeLessThan(-80);
  });

  it('refuses non-integer or non-positive rates, and use after finish', () => {
    expect(() => new PolyphaseResampler(44100.5, 16000)).toThrow(InvalidAudioFormatError);
    expect(() => new PolyphaseResampler(0, 16000)).toThrow(InvalidAudioFormatError);
    const resampler = new PolyphaseResampler(48000, 16000);
    resampler.finish();
    expect(thrownCode(() => resampler.push(new Float32Array(1)))).toBe('STREAM_FINISHED');
  });
});

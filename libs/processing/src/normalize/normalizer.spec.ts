import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';
import { InvalidNormalizeOptionsError } from '../errors/invalid-normalize-options.error';
import {
  concat,
  firstDifference,
  fromDb,
  noise,
  peak,
  randomChunks,
  sine,
  toDb,
  thrownCode,
} from '../testing/test-signals';
import { GainStage } from './gain-stage';
import { normalizeSamples } from './normalize-samples';
import { DEFAULT_NORMALIZE_OPTIONS, resolveNormalizeOptions } from './normalize-options';
import { createNormalizer } from './normalizer';

/** Speech-like test signal: noise bursts with pauses, so gating has something to do. */
const bursts = (rate: number, seconds: number, amplitude: number, seed: number): Float32Array => {
  const signal = noise(rate, seconds, amplitude, seed);
  const period = rate; // 1 s: 0.6 s of sound, 0.4 s of near silence
  for (let i = 0; i < signal.length; i++)
    if (i % period > 0.6 * period) signal[i] = (signal[i] as number) * 0.001;
  return signal;
};

describe('normalize pipeline', () => {
  it('defaults to 16 kHz, -23 LUFS, -1 dBTP', () => {
    expect(DEFAULT_NORMALIZE_OPTIONS).toEqual({
      sampleRate: 16000,
      targetLufs: -23,
      truePeakDb: -1,
    });
    expect(resolveNormalizeOptions({ targetLufs: -16, sampleRate: undefined })).toEqual({
      sampleRate: 16000,
      targetLufs: -16,
      truePeakDb: -1,
    });
  });

  it.each([
    [{ sampleRate: 7000 }],
    [{ sampleRate: 16000.5 }],
    [{ targetLufs: -4 }],
    [{ targetLufs: Number.NaN }],
    [{ truePeakDb: 0.5 }],
  ])('refuses out-of-range options %j with INVALID_NORMALIZE_OPTIONS', (options) => {
    expect(() => createNormalizer(44100, 2, options)).toThrow(InvalidNormalizeOptionsError);
    expect(thrownCode(() => createNormalizer(44100, 2, options))).toBe('INVALID_NORMALIZE_OPTIONS');
  });

  it('refuses unsupported formats and NaN samples with INVALID_AUDIO_FORMAT', () => {
    expect(() => createNormalizer(4000, 1)).toThrow(InvalidAudioFormatError);
    expect(() => createNormalizer(44100, 9)).toThrow(InvalidAudioFormatError);
    const normalizer = createNormalizer(44100, 2);
    const left = new Float32Array(100);
    const right = new Float32Array(100);
    right[42] = Number.NaN;
    expect(() => normalizer.push([left, right])).toThrow(/non-finite sample at frame 42/);
  });

  it.each([
    ['quiet stereo 44.1 kHz', 44100, 0.05],
    ['loud stereo 48 kHz', 48000, 0.7],
    ['quiet stereo 8 kHz (upsampled)', 8000, 0.02],
  ])('brings %s to -23 LUFS within 0.5 LU', (_name, rate, amplitude) => {
    const left = bursts(rate, 8, amplitude, 1);
    const right = bursts(rate, 8, amplitude, 2);
    const { analysis, output, samples } = normalizeSamples([left, right], rate, 2);
    expect(analysis.limitedByPeak).toBe(false);
    expect(Math.abs((output.integratedLufs ?? Number.NaN) - -23)).toBeLessThan(0.5);
    expect(
      Math.abs((output.integratedLufs ?? Number.NaN) - (analysis.expectedOutputLufs ?? Number.NaN)),
    ).toBeLessThan(0.05);
    expect(output.truePeakDb ?? Number.NaN).toBeLessThanOrEqual(-1 + 1e-4);
    expect(samples.length).toBe(Math.ceil((left.length * 16000) / rate));
    expect(analysis.duration).toBeCloseTo(8, 3);
  });

  it('stops at the peak ceiling instead of reaching the target', () => {
    // A -20 dBFS sine reads -23 LUFS: -10 LUFS wants +13 dB, a -12 dBTP ceiling allows about +8.
    const input = sine(1000, 48000, 5, fromDb(-20));
    const { analysis, output } = normalizeSamples(input, 48000, 1, {
      targetLufs: -10,
      truePeakDb: -12,
    });
    expect(analysis.limitedByPeak).toBe(true);
    expect(analysis.gainDb).toBeCloseTo(-12 - analysis.mixTruePeakDb, 10);
    expect(Math.abs(analysis.gainDb - 8)).toBeLessThan(0.05); // onset ringing adds ~0.02 dB
    expect(output.truePeakDb ?? Number.NaN).toBeLessThanOrEqual(-12 + 1e-4);
    expect(output.samplePeakDb).toBeLessThanOrEqual(-12 + 1e-4);
    expect(output.integratedLufs ?? Number.NaN).toBeLessThan(-10 - 0.5);
  });

  it('limits sharp transients by their true peak', () => {
    const input = bursts(48000, 5, 0.01, 3);
    for (let i = 0; i < input.length; i += 4800) input[i] = 0.9; // clicks every 100 ms
    const { analysis, output, samples } = normalizeSamples(input, 48000, 1);
    expect(analysis.limitedByPeak).toBe(true);
    expect(output.truePeakDb ?? Number.NaN).toBeLessThanOrEqual(-1 + 1e-4);
    expect(toDb(peak(samples))).toBeLessThanOrEqual(-1 + 1e-4);
  });

  it('reports silence as null loudness and applies no gain', () => {
    const { analysis, output, samples } = normalizeSamples(new Float32Array(44100 * 2), 44100, 1);
    expect([analysis.inputLufs, analysis.mixLufs, analysis.gainDb]).toEqual([null, null, 0]);
    expect(output.integratedLufs).toBeNull();
    expect(peak(samples)).toBe(0);
  });

  it('measures the input (channel powers summed) apart from the mono mix (channels averaged)', () => {
    const left = noise(48000, 5, 0.3, 5);
    const right = noise(48000, 5, 0.3, 6);
    const { analysis } = normalizeSamples([left, right], 48000, 2, { sampleRate: 48000 });
    // Uncorrelated channels: the input sums two powers (+3 dB), the average halves one (-3 dB).
    expect(
      Math.abs((analysis.inputLufs ?? Number.NaN) - (analysis.mixLufs ?? Number.NaN) - 6.02),
    ).toBeLessThan(0.1);
  });

  it('streams: random planar or interleaved blocks give the same output as one block', () => {
    const left = bursts(44100, 3, 0.2, 7);
    const right = bursts(44100, 3, 0.1, 8);
    const whole = createNormalizer(44100, 2);
    const reference = concat([whole.push([left, right]), whole.finish().tail]);
    const streamed = createNormalizer(44100, 2);
    const parts: Float32Array[] = [];
    let at = 0;
    for (const chunk of randomChunks(left, 6000, 11)) {
      const interleaved = new Float32Array(chunk.length * 2);
      for (let i = 0; i < chunk.length; i++) {
        interleaved[2 * i] = left[at + i] as number;
        interleaved[2 * i + 1] = right[at + i] as number;
      }
      parts.push(
        at % 2 === 0
          ? streamed.push(interleaved)
          : streamed.push([chunk, right.subarray(at, at + chunk.length)]),
      );
      at += chunk.length;
    }
    const { tail, gainDb } = streamed.finish();
    expect(firstDifference(concat([...parts, tail]), reference)).toBe(-1);
    expect(gainDb).toBeCloseTo(normalizeSamples([left, right], 44100, 2).analysis.gainDb, 10);
  });

  it('applies the gain in pass 2 block by block and measures the output', () => {
    const stage = new GainStage(6, 16000);
    const block = sine(1000, 16000, 1, 0.25);
    const out = stage.push(block);
    expect(out).not.toBe(block);
    expect(peak(out)).toBeCloseTo(0.25 * fromDb(6), 5);
    expect(stage.finish().integratedLufs).toBeCloseTo(-23.01 + 20 * Math.log10(2.5) + 6, 0);
    expect(thrownCode(() => stage.push(block))).toBe('STREAM_FINISHED');
  });
});

import { concat, fromDb, noise, randomChunks, sine, thrownCode } from '../testing/test-signals';
import { LoudnessMeter } from './loudness.meter';
import { highpassCoefficients, shelfCoefficients } from './k-weighting.filter';

const measure = (
  block: Float32Array | Float32Array[],
  rate: number,
  channels = 1,
  truePeak = true,
) => {
  const meter = new LoudnessMeter(rate, channels, { truePeak });
  meter.push(block);
  return meter.finish();
};

const lufsOf = (samples: Float32Array, rate: number): number =>
  measure(samples, rate, 1, false).integratedLufs ?? Number.NaN;

/** EBU Tech 3341 style stereo test: the same 1 kHz sine in both channels, levels in dBFS. */
const stereoSegments = (segments: readonly [number, number][]): Float32Array[] => {
  // 1 kHz at 48 kHz repeats every 48 samples: tile one period instead of calling sin 13M times.
  const period = sine(1000, 48000, 0.001);
  const parts = segments.map(([db, seconds]) => {
    const part = new Float32Array(Math.round(48000 * seconds));
    const amplitude = fromDb(db);
    for (let i = 0; i < part.length; i++) part[i] = amplitude * (period[i % 48] as number);
    return part;
  });
  const mono = concat(parts);
  return [mono, mono];
};

describe('K-weighting coefficients', () => {
  it('reproduce the BS.1770-4 table at 48 kHz', () => {
    const shelf = shelfCoefficients(48000);
    expect(shelf.b0).toBeCloseTo(1.53512485958697, 10);
    expect(shelf.b1).toBeCloseTo(-2.69169618940638, 10);
    expect(shelf.b2).toBeCloseTo(1.19839281085285, 10);
    expect(shelf.a1).toBeCloseTo(-1.69065929318241, 10);
    expect(shelf.a2).toBeCloseTo(0.73248077421585, 10);
    const highpass = highpassCoefficients(48000);
    expect(highpass.a1).toBeCloseTo(-1.99004745483398, 10);
    expect(highpass.a2).toBeCloseTo(0.99007225036621, 10);
  });
});

describe('LoudnessMeter (BS.1770-4)', () => {
  // A sine of peak A has mean square A^2/2: -23.01 dB at A = 0.1. K-weighting adds +0.69 dB at
  // 1 kHz, which the -0.691 of BS.1770 eq. 2 cancels by design: -23.01 LUFS (+/- a few mLU).
  it('reads a 1 kHz sine at -20 dBFS (48 kHz, mono) as -23.0 LUFS', () => {
    expect(lufsOf(sine(1000, 48000, 5, 0.1), 48000)).toBeCloseTo(-23.01, 1);
    expect(Math.abs(lufsOf(sine(1000, 48000, 5, 0.1), 48000) + 23.01)).toBeLessThan(0.1);
  });

  it('reads a 997 Hz full-scale sine in one channel as -3.01 LUFS', () => {
    const silent = new Float32Array(48000 * 5);
    const report = measure([sine(997, 48000, 5), silent], 48000, 2);
    expect(report.integratedLufs).toBeCloseTo(-3.01, 2);
  });

  it.each([8000, 16000, 22050, 44100, 96000])(
    'gives the 48 kHz reading within 0.2 LU at %i Hz',
    (rate) => {
      const reference = lufsOf(sine(1000, 48000, 5, 0.1), 48000);
      expect(Math.abs(lufsOf(sine(1000, rate, 5, 0.1), rate) - reference)).toBeLessThan(0.2);
      const noiseReference = lufsOf(noise(48000, 5, 0.1), 48000);
      if (rate >= 16000) {
        // Wide-band noise keeps its loudness only while the rate keeps its band.
        expect(Math.abs(lufsOf(noise(rate, 5, 0.1), rate) - noiseReference)).toBeLessThan(1);
      }
    },
  );

  it('returns null for digital silence and for audio under the -70 LUFS gate', () => {
    expect(measure(new Float32Array(48000 * 3), 48000).integratedLufs).toBeNull();
    expect(measure(sine(1000, 48000, 3, fromDb(-75)), 48000).integratedLufs).toBeNull();
    expect(new LoudnessMeter(48000, 1).integratedLufs()).toBeNull();
  });

  it('passes EBU Tech 3341 cases 1-5 (stereo 1 kHz, gating) within 0.1 LU', () => {
    const cases: [readonly [number, number][], number][] = [
      [[[-23, 20]], -23],
      [[[-33, 20]], -33],
      [
        [
          [-36, 10],
          [-23, 60],
          [-36, 10],
        ],
        -23,
      ],
      [
        [
          [-72, 10],
          [-36, 10],
          [-23, 60],
          [-36, 10],
          [-72, 10],
        ],
        -23,
      ],
      [
        [
          [-26, 20],
          [-20, 20.1],
          [-26, 20],
        ],
        -23,
      ],
    ];
    for (const [segments, expected] of cases) {
      const lufs = measure(stereoSegments(segments), 48000, 2, false).integratedLufs ?? Number.NaN;
      expect(Math.abs(lufs - expected)).toBeLessThan(0.1);
    }
  });

  it('accepts planar and interleaved blocks, in any chunking, with the same result', () => {
    const [left, right] = [noise(44100, 2, 0.3, 1), noise(44100, 2, 0.5, 2)];
    const interleaved = new Float32Array(left.length * 2);
    left.forEach((x, i) => {
      interleaved[2 * i] = x;
      interleaved[2 * i + 1] = right[i] as number;
    });
    const planar = measure([left, right], 44100, 2);
    expect(measure(interleaved, 44100, 2)).toEqual(planar);
    const chunked = new LoudnessMeter(44100, 2, { truePeak: true });
    let frames = 0;
    for (const chunk of randomChunks(left, 3001, 7)) {
      chunked.push(interleaved.subarray(2 * frames, 2 * (frames + chunk.length)));
      frames += chunk.length;
    }
    const report = chunked.finish();
    expect(report.frames).toBe(left.length);
    expect(report.integratedLufs).toBeCloseTo(planar.integratedLufs ?? Number.NaN, 10);
    expect(report.truePeakDb).toBe(planar.truePeakDb);
  });

  it('rejects blocks whose shape does not match the channel count', () => {
    const meter = new LoudnessMeter(16000, 2);
    expect(thrownCode(() => meter.push(new Float32Array(3)))).toBe('INVALID_AUDIO_FORMAT');
    expect(thrownCode(() => meter.push([new Float32Array(3), new Float32Array(4)]))).toBe(
      'INVALID_AUDIO_FORMAT',
    );
    expect(thrownCode(() => new LoudnessMeter(7999, 1))).toBe('INVALID_AUDIO_FORMAT');
  });

  it('gives the same result for any chunking of a planar stream', () => {
    const samples = noise(22050, 3, 0.5, 3);
    const whole = measure(samples, 22050);
    const meter = new LoudnessMeter(22050, 1, { truePeak: true });
    for (const chunk of randomChunks(samples, 4000, 9)) meter.push([chunk]);
    const chunked = meter.finish();
    expect(chunked.integratedLufs).toBeCloseTo(whole.integratedLufs ?? Number.NaN, 10);
    expect(chunked.truePeakDb).toBe(whole.truePeakDb);
    expect(chunked.samplePeakDb).toBe(whole.samplePeakDb);
  });

  it('measures inputs shorter than one 400 ms block as one block', () => {
    expect(lufsOf(sine(1000, 48000, 0.3, 0.1), 48000)).toBeCloseTo(-23.0, 0);
  });

  it('finds the inter-sample peak that the samples miss (fs/4 sine at 45 degrees)', () => {
    const samples = new Float32Array(48000);
    for (let i = 0; i < samples.length; i++) {
      const fade = Math.min(1, i / 4800, (samples.length - 1 - i) / 4800);
      samples[i] = 0.5 * fade * Math.sin((Math.PI / 2) * i + Math.PI / 4);
    }
    const report = measure(samples, 48000);
    expect(report.samplePeakDb).toBeCloseTo(-9.03, 2);
    expect(report.truePeakDb).toBeCloseTo(-6.02, 1);
    expect(report.truePeakDb ?? Number.NaN).toBeGreaterThanOrEqual(report.samplePeakDb);
  });

  it('leaves the true peak out unless asked for it, and refuses input after finish', () => {
    const meter = new LoudnessMeter(16000, 1);
    meter.push(sine(1000, 16000, 1, 0.5));
    expect(meter.finish().truePeakDb).toBeNull();
    expect(meter.finish()).toBe(meter.finish());
    expect(thrownCode(() => meter.push(new Float32Array(1)))).toBe('STREAM_FINISHED');
  });
});

import type { DetectionResult } from './detection-result';
import { detectSpeechInSamples } from './detect-speech';
import { frameScore } from './testing/frame-score';
import { mixAtSnr, noise, type NoiseColour } from './testing/noise.generator';
import { speechLike, utterancePlan, type Utterance } from './testing/synthetic-speech.generator';
import { VadDetector } from './vad.detector';

const DURATION = 30;
const COLOURS: NoiseColour[] = ['white', 'pink', 'brown'];

interface Scene {
  readonly signal: Float32Array;
  readonly truth: Utterance[];
}

function scene(rate: number, seed: number, snrDb: number, colour: NoiseColour = 'pink'): Scene {
  const truth = utterancePlan(seed, DURATION);
  const speech = speechLike(truth, DURATION, rate, seed);
  if (!Number.isFinite(snrDb)) return { signal: speech, truth };
  const active = truth.map((u) => [Math.round(u.start * rate), Math.round(u.end * rate)] as const);
  return {
    signal: mixAtSnr(speech, noise(colour, speech.length, seed + 1000), snrDb, active),
    truth,
  };
}

/** Largest start/end error over utterances, when each got exactly one segment. */
function boundaryErrors(truth: Utterance[], result: DetectionResult): number[] {
  expect(result.segments.length).toBe(truth.length);
  return truth.flatMap((u, i) => {
    const s = result.segments[i] as { start: number; end: number };
    return [Math.abs(s.start - u.start), Math.abs(s.end - u.end)];
  });
}

function scaled(signal: Float32Array, gain: number): Float32Array {
  return signal.map((v) => v * gain);
}

describe('VadDetector on synthetic audio', () => {
  it.each([8000, 16000, 48000])('finds no speech in digital silence or dither at %i Hz', (rate) => {
    expect(detectSpeechInSamples(new Float32Array(rate * 10), rate).segments).toEqual([]);
    const dither = scaled(noise('white', rate * 10, 1), 1 / 32768);
    expect(detectSpeechInSamples(dither, rate).segments).toEqual([]);
  });

  it.each(COLOURS)('finds no speech in stationary %s noise at any level', (colour) => {
    for (const [rate, level] of [
      [16000, 0.001],
      [16000, 0.03],
      [16000, 0.7],
      [8000, 0.1],
      [44100, 0.1],
    ] as const) {
      const result = detectSpeechInSamples(scaled(noise(colour, rate * 15, 7), level), rate, {
        sensitivity: 1,
      });
      expect({ colour, rate, level, segments: result.segments }).toEqual({
        colour,
        rate,
        level,
        segments: [],
      });
    }
  });

  it.each(COLOURS)(
    'finds no speech in %s noise that starts late, jumps or drifts in level',
    (colour) => {
      const rate = 16000;
      const n = noise(colour, rate * DURATION, 11);
      const late = n.map((v, i) => (i < rate * 5 ? 0 : 0.1 * v));
      const jump = n.map((v, i) => (i < rate * 10 ? 0.01 : 0.1) * v);
      const drift = n.map((v, i) => 0.1 * v * (1 + 0.5 * Math.sin((2 * Math.PI * 0.2 * i) / rate)));
      for (const signal of [late, jump, drift]) {
        expect(detectSpeechInSamples(signal, rate).segments).toEqual([]);
      }
    },
  );

  it.each([8000, 16000, 44100, 48000])(
    'places clean speech within 50 ms of the truth at %i Hz',
    (rate) => {
      const { signal, truth } = scene(rate, 1, Number.POSITIVE_INFINITY);
      const result = detectSpeechInSamples(signal, rate, { paddingMs: 0 });
      expect(Math.max(...boundaryErrors(truth, result))).toBeLessThanOrEqual(0.05);
      expect(frameScore(truth, result.segments, DURATION).f1).toBeGreaterThanOrEqual(0.97);
    },
  );

  it.each(COLOURS)('keeps F1 >= 0.9 and tight boundaries in %s noise at 20 dB SNR', (colour) => {
    for (const seed of [1, 2]) {
      const { signal, truth } = scene(16000, seed, 20, colour);
      const result = detectSpeechInSamples(signal, 16000, { paddingMs: 0 });
      expect(frameScore(truth, result.segments, DURATION).f1).toBeGreaterThanOrEqual(0.95);
      const errors = boundaryErrors(truth, result);
      expect(errors.filter((e) => e <= 0.05).length / errors.length).toBeGreaterThanOrEqual(0.9);
    }
  });

  it.each([
    [10, 0.88],
    [5, 0.72],
  ])('degrades gracefully at %i dB SNR (F1 >= %f)', (snr, minimum) => {
    for (const colour of COLOURS) {
      const { signal, truth } = scene(16000, 2, snr, colour);
      const result = detectSpeechInSamples(signal, 16000, { paddingMs: 0 });
      const { f1, precision } = frameScore(truth, result.segments, DURATION);
      expect({ colour, ok: f1 >= minimum && precision >= 0.95 }).toEqual({ colour, ok: true });
    }
  });

  it('finds more speech with a higher sensitivity', () => {
    const { signal } = scene(16000, 3, 5, 'white');
    const ratios = [0, 0.5, 1].map(
      (sensitivity) => detectSpeechInSamples(signal, 16000, { sensitivity }).speechRatio,
    );
    expect(ratios[0]).toBeLessThanOrEqual(ratios[1] as number);
    expect(ratios[1]).toBeLessThan(ratios[2] as number);
  });

  it('returns well-formed results with the default options', () => {
    const { signal, truth } = scene(16000, 4, 20);
    const result = detectSpeechInSamples(signal, 16000);
    expect(result).toMatchObject({ duration: DURATION, sampleRate: 16000, channels: 1 });
    let previousEnd = -1;
    let speech = 0;
    for (const { start, end } of result.segments) {
      expect(start).toBeGreaterThan(previousEnd);
      expect(end).toBeGreaterThan(start);
      expect(end).toBeLessThanOrEqual(result.duration);
      expect(Math.round(start * 1000) / 1000).toBe(start);
      expect(Math.round(end * 1000) / 1000).toBe(end);
      previousEnd = end;
      speech += end - start;
    }
    expect(result.speechRatio).toBeCloseTo(speech / DURATION, 3);
    // Default padding (10 ms) widens every utterance on both sides.
    const tight = detectSpeechInSamples(signal, 16000, { paddingMs: 0 });
    expect(result.segments[0]?.start).toBeCloseTo((tight.segments[0]?.start ?? 0) - 0.01, 3);
    expect(result.segments[0]?.start).toBeCloseTo((truth[0] as Utterance).start, 0);
  });

  it('gives the same result whatever the block sizes', () => {
    const { signal } = scene(22050, 5, 10);
    const whole = detectSpeechInSamples(signal, 22050);
    for (const size of [1, 7, 160, 4093]) {
      const detector = new VadDetector(22050);
      for (let at = 0; at < signal.length; at += size)
        detector.push(signal.subarray(at, at + size));
      expect(detector.finish()).toEqual(whole);
    }
  });

  it('mixes interleaved stereo down to mono', () => {
    const { signal, truth } = scene(16000, 6, Number.POSITIVE_INFINITY);
    const stereo = new Float32Array(signal.length * 2);
    signal.forEach((v, i) => {
      stereo[2 * i] = v;
      stereo[2 * i + 1] = 0.5 * v;
    });
    const result = detectSpeechInSamples(stereo, 16000, { paddingMs: 0 }, 2);
    expect(result.channels).toBe(2);
    expect(result.segments.length).toBe(truth.length);
  });

  it('handles empty, tiny and very low-rate input', () => {
    expect(detectSpeechInSamples(new Float32Array(0), 16000)).toEqual({
      segments: [],
      speechRatio: 0,
      duration: 0,
      sampleRate: 16000,
      channels: 1,
    });
    expect(detectSpeechInSamples(new Float32Array(100).fill(0.5), 16000).segments).toEqual([]);
    expect(detectSpeechInSamples(noise('white', 2000, 3), 1000).duration).toBe(2);
    expect(detectSpeechInSamples(noise('white', 10, 3), 1).segments).toEqual([]);
  });

  it('rejects a bad sample rate and pushes after finish', () => {
    expect(() => new VadDetector(0)).toThrow(RangeError);
    expect(() => new VadDetector(44100.5)).toThrow(RangeError);
    const detector = new VadDetector(8000);
    detector.finish();
    expect(() => detector.push(new Float32Array(10))).toThrow(/after finish/);
  });
});

import { encodeWav16 } from '@jobmill/audio';
import { detectSpeech, detectSpeechInSamples } from './detect-speech';
import { seededRandom } from './testing/seeded-random';
import { mixAtSnr, noise } from './testing/noise.generator';
import { speechLike, utterancePlan } from './testing/synthetic-speech.generator';

const RATE = 16000;
const DURATION = 20;

function speechInNoise(seed: number, rate = RATE): Float32Array {
  const truth = utterancePlan(seed, DURATION);
  const speech = speechLike(truth, DURATION, rate, seed);
  const active = truth.map((u) => [Math.round(u.start * rate), Math.round(u.end * rate)] as const);
  return mixAtSnr(speech, noise('pink', speech.length, seed + 1), 20, active);
}

/** Yields `bytes` in slices of random sizes up to `max`, like a file stream would. */
async function* stream(bytes: Uint8Array, max: number, seed = 1): AsyncGenerator<Uint8Array> {
  const random = seededRandom(seed);
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * max);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** What a 16-bit round trip does to samples, so both paths see the same audio. */
function quantized(samples: Float32Array): Float32Array {
  return samples.map((v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))) / 32768);
}

describe('detectSpeech', () => {
  it('decodes and detects a WAV stream exactly like the in-memory core', async () => {
    const samples = speechInNoise(1);
    const wav = encodeWav16(samples, RATE);
    const expected = detectSpeechInSamples(quantized(samples), RATE);
    expect(expected.segments.length).toBeGreaterThan(3);
    await expect(detectSpeech(stream(wav, 65536))).resolves.toEqual(expected);
    await expect(detectSpeech(stream(wav, 7, 2))).resolves.toEqual(expected);
  });

  it('counts the frames of a run that the end of the file cuts short', async () => {
    // 48 kHz is averaged in runs of 6 frames: 5 frames past the last run are in no mean.
    const samples = speechInNoise(4, 48000).subarray(0, 48000 * 3 + 5);
    const result = await detectSpeech(stream(encodeWav16(samples, 48000), 4096));
    expect(result).toEqual(detectSpeechInSamples(quantized(samples), 48000));
    expect(result.duration).toBe(3);
  });

  it('mixes stereo down and reports the channel count', async () => {
    const mono = speechInNoise(2, 48000);
    const stereo = new Float32Array(mono.length * 2);
    mono.forEach((v, i) => {
      stereo[2 * i] = v;
      stereo[2 * i + 1] = v;
    });
    const result = await detectSpeech(stream(encodeWav16(stereo, 48000, 2), 65536));
    expect(result).toMatchObject({ sampleRate: 48000, channels: 2, duration: DURATION });
    expect(result.segments).toEqual(detectSpeechInSamples(quantized(mono), 48000).segments);
  });

  it('reports progress at most once per percent, increasing, ending at 1', async () => {
    const wav = encodeWav16(speechInNoise(3), RATE);
    const seen: number[] = [];
    await detectSpeech(stream(wav, 4096), {}, (fraction) => seen.push(fraction));
    expect(seen.length).toBeGreaterThanOrEqual(50);
    expect(seen.length).toBeLessThanOrEqual(100);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > (seen[i - 1] as number)))).toBe(
      true,
    );
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('applies the options', async () => {
    const wav = encodeWav16(speechInNoise(4), RATE);
    const tight = await detectSpeech(stream(wav, 65536), { paddingMs: 0 });
    const padded = await detectSpeech(stream(wav, 65536), { paddingMs: 500 });
    expect(padded.speechRatio).toBeGreaterThan(tight.speechRatio);
    const merged = await detectSpeech(stream(wav, 65536), { minSilenceMs: 10_000 });
    expect(merged.segments.length).toBe(1);
  });

  it('handles a WAV without samples', async () => {
    await expect(detectSpeech(stream(encodeWav16(new Float32Array(0), 8000), 10))).resolves.toEqual(
      {
        segments: [],
        speechRatio: 0,
        duration: 0,
        sampleRate: 8000,
        channels: 1,
      },
    );
  });

  it('rejects input that is not a WAV with a permanent MALFORMED_WAV error', async () => {
    const headerless = new Uint8Array(encodeWav16(speechInNoise(5), RATE).subarray(44));
    await expect(detectSpeech(stream(headerless, 65536))).rejects.toMatchObject({
      code: 'MALFORMED_WAV',
      kind: 'permanent',
      retryable: false,
    });
    await expect(detectSpeech(stream(new Uint8Array(0), 1))).rejects.toThrow(/truncated header/);
  });

  it('rejects options out of range with INVALID_VAD_OPTIONS', async () => {
    const wav = encodeWav16(new Float32Array(100), 8000);
    await expect(detectSpeech(stream(wav, 65536), { sensitivity: 2 })).rejects.toMatchObject({
      code: 'INVALID_VAD_OPTIONS',
    });
  });
});

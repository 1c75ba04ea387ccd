// Signal generators and measurements shared by this lib's unit tests (not exported).

/** Deterministic PRNG (mulberry32) in [0, 1), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A sine of peak `amplitude`. */
export function sine(
  frequency: number,
  rate: number,
  seconds: number,
  amplitude = 1,
): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) {
    out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  }
  return out;
}

/** Uniform white noise of peak `amplitude`. */
export function noise(rate: number, seconds: number, amplitude: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * (2 * random() - 1);
  return out;
}

/** Linear amplitude of a level in dBFS. */
export const fromDb = (db: number): number => 10 ** (db / 20);

/** Level in dB of a linear amplitude or amplitude ratio. */
export const toDb = (amplitude: number): number => 20 * Math.log10(amplitude);

/** Concatenates arrays. */
export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Splits `samples` into consecutive chunks of random sizes in 1..maxChunk (some empty). */
export function randomChunks(
  samples: Float32Array,
  maxChunk: number,
  seed: number,
): Float32Array[] {
  const random = seededRandom(seed);
  const chunks: Float32Array[] = [];
  for (let at = 0; at < samples.length;) {
    const size = Math.floor(random() * (maxChunk + 1));
    chunks.push(samples.subarray(at, Math.min(samples.length, at + size)));
    at += size;
  }
  return chunks;
}

/** RMS over the middle part of a signal (edges skipped to avoid onset transients). */
export function middleRms(samples: Float32Array, skip = 0.2): number {
  const from = Math.floor(samples.length * skip);
  const to = Math.ceil(samples.length * (1 - skip));
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] as number) * (samples[i] as number);
  return Math.sqrt(sum / (to - from));
}

/** Peak absolute value. */
export function peak(samples: Float32Array): number {
  let max = 0;
  for (const x of samples) max = Math.max(max, Math.abs(x));
  return max;
}

/** Index of the first sample where two arrays differ (bit for bit), or -1 if identical. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (!Object.is(a[i], b[i])) return i;
  return a.length === b.length ? -1 : length;
}

/** The `code` of what `action` throws (undefined if it does not throw). */
export function thrownCode(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

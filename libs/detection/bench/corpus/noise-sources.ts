import type { Random } from '../../src/testing/seeded-random';

/** Noise kinds mixed into the scenes. */
export type NoiseKind = 'white' | 'pink' | 'brown' | 'babble' | 'modulated';

/** Standard normal deviates by Box-Muller, from a seeded uniform generator. */
export function gaussian(random: Random): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Scales in place to unit RMS. */
export function normalize(x: Float32Array): Float32Array {
  let sum = 0;
  for (const v of x) sum += v * v;
  const scale = sum > 0 ? 1 / Math.sqrt(sum / x.length) : 0;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * scale;
  return x;
}

/** White, pink (Kellet's filter, -3 dB/octave) or brown (leaky integral, -6 dB/octave), unit RMS. */
export function colouredNoise(kind: 'white' | 'pink' | 'brown', n: number, random: Random) {
  const g = gaussian(random);
  const out = new Float32Array(n);
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0,
    b5 = 0,
    b6 = 0,
    brown = 0;
  for (let i = 0; i < n; i++) {
    const w = g();
    if (kind === 'white') out[i] = w;
    else if (kind === 'brown') out[i] = brown = 0.998 * brown + w;
    else {
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856;
      b4 = 0.55 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    }
  }
  return normalize(out);
}

/**
 * Pink noise whose level swings slowly and strongly (a fan cycling, traffic passing): a sum of
 * two sinusoidal envelopes in dB, +-9 dB in all, periods of 1.5-6 s. Unit RMS overall.
 */
export function modulatedNoise(n: number, rate: number, random: Random): Float32Array {
  const out = colouredNoise('pink', n, random);
  const p1 = 1.5 + random() * 2;
  const p2 = 3 + random() * 3;
  const f1 = random() * 2 * Math.PI;
  const f2 = random() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const db =
      5 * Math.sin((2 * Math.PI * t) / p1 + f1) + 4 * Math.sin((2 * Math.PI * t) / p2 + f2);
    out[i] = (out[i] as number) * 10 ** (db / 20);
  }
  return normalize(out);
}

/** Babble: many talkers' continuous speech summed (talkers beyond ~6 blur into noise). */
export function babble(talkers: readonly Float32Array[], n: number, random: Random): Float32Array {
  const out = new Float32Array(n);
  for (const talker of talkers) {
    const offset = Math.floor(random() * talker.length);
    const gain = 10 ** ((random() * 6 - 3) / 20);
    for (let i = 0; i < n; i++) {
      out[i] = (out[i] as number) + gain * (talker[(offset + i) % talker.length] as number);
    }
  }
  return normalize(out);
}

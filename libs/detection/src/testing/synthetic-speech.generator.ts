import { seededRandom, type Random } from './seeded-random';

// Bound once: in Jest's vm contexts a global lookup (Math) per sample is ~50x slower.
const { sin, PI } = Math;

/** A stretch of speech, in seconds. */
export interface Utterance {
  readonly start: number;
  readonly end: number;
}

/** F1-F3 of a few vowels (Peterson & Barney averages, adult male), Hz. */
const VOWELS: ReadonlyArray<readonly [number, number, number]> = [
  [730, 1090, 2440],
  [270, 2290, 3010],
  [300, 870, 2240],
  [530, 1840, 2480],
  [570, 840, 2410],
  [660, 1720, 2410],
];
const BANDWIDTHS = [90, 110, 170];

type Coefficients = [number, number, number];

/** Two-pole resonator at `hz` with bandwidth `bw`, scaled to unit gain at its peak. */
function resonator(hz: number, bw: number, rate: number): Coefficients {
  const r = Math.exp((-Math.PI * bw) / rate);
  const theta = (2 * Math.PI * Math.min(hz, 0.45 * rate)) / rate;
  const a1 = 2 * r * Math.cos(theta);
  const a2 = -r * r;
  // |1 - a1 e^-jt - a2 e^-2jt| at t = theta is the inverse of the unscaled peak gain.
  const re = 1 - a1 * Math.cos(theta) - a2 * Math.cos(2 * theta);
  const im = a1 * Math.sin(theta) + a2 * Math.sin(2 * theta);
  return [a1, a2, Math.hypot(re, im)];
}

/**
 * One syllable of a vowel-like sound: a sawtooth glottal source at F0 100-250 Hz (gliding,
 * with jitter), a little breath noise, three formant resonators in cascade, and a sin^0.7
 * envelope, so that syllables at ~4 Hz modulate the amplitude like running speech.
 */
function syllable(out: Float32Array, from: number, to: number, rate: number, random: Random): void {
  const vowel = VOWELS[Math.floor(random() * VOWELS.length)] as readonly number[];
  const filters = vowel.map((f, i) =>
    resonator(f * (0.9 + 0.2 * random()), BANDWIDTHS[i] as number, rate),
  );
  const f0Start = 100 + 150 * random();
  const f0End = f0Start * (0.8 + 0.4 * random());
  const [a1, a2, a3] = filters as [Coefficients, Coefficients, Coefficients];
  let y1 = 0,
    y1p = 0,
    y2 = 0,
    y2p = 0,
    y3 = 0,
    y3p = 0;
  let phase = random();
  let envelope = 0;
  const length = to - from;
  for (let i = 0; i < length; i++) {
    const u = i / length;
    if ((i & 15) === 0) envelope = sin(PI * u) ** 0.7;
    const f0 = (f0Start + (f0End - f0Start) * u) * (1 + 0.01 * (random() - 0.5));
    phase += f0 / rate;
    if (phase >= 1) phase -= 1;
    const x = 2 * phase - 1 + 0.05 * (random() - 0.5);
    const r1 = a1[2] * x + a1[0] * y1 + a1[1] * y1p;
    y1p = y1;
    y1 = r1;
    const r2 = a2[2] * r1 + a2[0] * y2 + a2[1] * y2p;
    y2p = y2;
    y2 = r2;
    const r3 = a3[2] * r2 + a3[0] * y3 + a3[1] * y3p;
    y3p = y3;
    y3 = r3;
    out[from + i] = envelope * r3;
  }
}

/**
 * Speech-like audio: each utterance is a run of syllables of 180-300 ms, at a level that varies
 * by up to 4 dB between utterances; everything else is digital silence. Peak level about -6 dBFS.
 */
export function speechLike(
  utterances: readonly Utterance[],
  duration: number,
  sampleRate: number,
  seed: number,
): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(duration * sampleRate));
  for (const { start, end } of utterances) {
    const from = Math.round(start * sampleRate);
    const to = Math.min(out.length, Math.round(end * sampleRate));
    const level = 10 ** ((-4 * random()) / 20);
    let at = from;
    while (at < to) {
      const next = Math.min(to, at + Math.round((0.18 + 0.12 * random()) * sampleRate));
      syllable(out, at, next, sampleRate, random);
      for (let i = at; i < next; i++) out[i] = (out[i] as number) * level;
      at = next;
    }
  }
  return scaleToPeak(out, 0.5);
}

function scaleToPeak(signal: Float32Array, peak: number): Float32Array {
  let max = 0;
  for (const v of signal) max = v > max ? v : -v > max ? -v : max;
  if (max === 0) return signal;
  for (let i = 0; i < signal.length; i++) signal[i] = ((signal[i] as number) * peak) / max;
  return signal;
}

/** Alternating speech and silence, starting with silence: a ground truth for tests. */
export function utterancePlan(seed: number, duration: number): Utterance[] {
  const random = seededRandom(seed);
  const plan: Utterance[] = [];
  let t = 0.5 + random();
  while (t < duration - 1) {
    const end = Math.min(duration - 0.3, t + 0.6 + 2.4 * random());
    plan.push({ start: round3(t), end: round3(end) });
    t = end + 0.5 + 1.5 * random();
  }
  return plan;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

import { seededRandom } from './seeded-random';

/** Spectral colours of the noise generators. */
export type NoiseColour = 'white' | 'pink' | 'brown';

// Bound once: in Jest's vm contexts a global lookup (Math) per sample is ~50x slower.
const { sqrt, log, cos, sin, PI } = Math;

/** Unit-variance white Gaussian noise (Box-Muller, two samples per pair of uniforms). */
function whiteNoise(length: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const r = sqrt(-2 * log(random() + 1e-12));
    const theta = 2 * PI * random();
    out[i] = r * cos(theta);
    if (i + 1 < length) out[i + 1] = r * sin(theta);
  }
  return out;
}

/** Pink noise from white: Paul Kellet's refined filter, within 0.05 dB of -3 dB/octave. */
function pinkFilter(signal: Float32Array): void {
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  for (let i = 0; i < signal.length; i++) {
    const w = signal[i] as number;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    signal[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
}

/** Brown noise from white: a leaky integrator (-6 dB/octave above ~5 Hz), so it stays stationary. */
function brownFilter(signal: Float32Array): void {
  let state = 0;
  for (let i = 0; i < signal.length; i++) {
    state = 0.998 * state + (signal[i] as number);
    signal[i] = state;
  }
}

/** Stationary Gaussian noise of unit variance in the given colour, reproducible by seed. */
export function noise(colour: NoiseColour, length: number, seed: number): Float32Array {
  const out = whiteNoise(length, seed);
  if (colour === 'pink') pinkFilter(out);
  else if (colour === 'brown') brownFilter(out);
  return normalize(out);
}

function normalize(signal: Float32Array): Float32Array {
  let energy = 0;
  for (const v of signal) energy += v * v;
  const gain = energy > 0 ? 1 / Math.sqrt(energy / signal.length) : 0;
  for (let i = 0; i < signal.length; i++) signal[i] = (signal[i] as number) * gain;
  return signal;
}

/** Mean power of `signal`, optionally only over sample ranges. */
export function power(
  signal: Float32Array,
  ranges?: ReadonlyArray<readonly [number, number]>,
): number {
  const spans = ranges ?? [[0, signal.length] as const];
  let energy = 0;
  let count = 0;
  for (const [from, to] of spans) {
    for (let i = from; i < to; i++) energy += (signal[i] as number) ** 2;
    count += to - from;
  }
  return count > 0 ? energy / count : 0;
}

/** speech + noise, the noise scaled so that speech power (over `active`) / noise power = snrDb. */
export function mixAtSnr(
  speech: Float32Array,
  noiseSignal: Float32Array,
  snrDb: number,
  active: ReadonlyArray<readonly [number, number]>,
): Float32Array {
  const gain = Math.sqrt(power(speech, active) / (power(noiseSignal) * 10 ** (snrDb / 10)));
  const out = new Float32Array(speech.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = (speech[i] as number) + gain * (noiseSignal[i] as number);
  }
  return out;
}

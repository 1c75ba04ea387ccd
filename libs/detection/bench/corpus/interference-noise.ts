import type { Random } from '../../src/testing/seeded-random';
import { colouredNoise, gaussian, normalize } from './noise-sources';

/**
 * Impulsive clicks (crackle, keyboard, dropped samples) over a faint white floor: 0.5-8 clicks a
 * second at random times, each 0.2-5 ms of decaying noise at levels spread over 30 dB.
 */
export function clicks(n: number, rate: number, random: Random): Float32Array {
  const g = gaussian(random);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.003 * g();
  const perSecond = 0.5 + random() * 7.5;
  for (let at = 0; at < n;) {
    at += Math.round((-Math.log(1 - random()) / perSecond) * rate);
    const length = Math.max(2, Math.round((0.0002 + random() * 0.0048) * rate));
    const gain = 10 ** (-random() * 1.5);
    for (let i = 0; i < length && at + i < n; i++) {
      out[at + i] = (out[at + i] as number) + gain * g() * Math.exp((-5 * i) / length);
    }
  }
  return normalize(out);
}

/**
 * Mains hum: a 50 or 60 Hz fundamental with harmonics up to 2 kHz (odd ones stronger, as from a
 * transformer or a ground loop), amplitudes wandering slowly, over a faint pink floor.
 */
export function hum(n: number, rate: number, random: Random): Float32Array {
  const f0 = random() < 0.5 ? 50 : 60;
  const harmonics = Math.floor(2000 / f0);
  const gains = Array.from(
    { length: harmonics },
    (_, k) => ((k + 1) % 2 === 1 ? 1 : 0.4) / (1 + k * (0.1 + random() * 0.3)),
  );
  const phases = Array.from({ length: harmonics }, () => random() * 2 * Math.PI);
  const wobble = 0.2 + random() * 0.5;
  const out = colouredNoise('pink', n, random);
  for (let i = 0; i < n; i++) out[i] = 0.02 * (out[i] as number);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    let v = 0;
    for (let k = 0; k < harmonics; k++)
      v += (gains[k] as number) * Math.sin(2 * Math.PI * f0 * (k + 1) * t + (phases[k] as number));
    out[i] = (out[i] as number) + v * (1 + 0.3 * Math.sin(2 * Math.PI * wobble * t));
  }
  return normalize(out);
}

/**
 * Speech-shaped noise: white noise through a 100 Hz high-pass and poles at 500 Hz and 2.5 kHz,
 * close to the long-term average speech spectrum (flat to ~500 Hz, falling above).
 */
export function speechShaped(n: number, rate: number, random: Random): Float32Array {
  const g = gaussian(random);
  const pole = (fc: number): number => Math.exp((-2 * Math.PI * fc) / rate);
  const [hp, lp1, lp2] = [pole(100), pole(500), pole(2500)];
  const out = new Float32Array(n);
  let [x1, h, a, b] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = g();
    h = hp * (h + x - x1);
    x1 = x;
    a = lp1 * a + (1 - lp1) * h;
    b = lp2 * b + (1 - lp2) * a;
    out[i] = b;
  }
  return normalize(out);
}

/**
 * A noise floor that ramps: pink or speech-shaped noise whose level moves linearly in dB by 20 dB
 * up or down, twice, each ramp over a third to a half of the file.
 */
export function ramp(n: number, rate: number, random: Random): Float32Array {
  const out = random() < 0.5 ? colouredNoise('pink', n, random) : speechShaped(n, rate, random);
  const first = Math.round(n * (0.33 + random() * 0.17));
  const dir = random() < 0.5 ? 1 : -1;
  for (let i = 0; i < n; i++) {
    const db = i < first ? (dir * 20 * i) / first : dir * 20 * (1 - (i - first) / (n - first));
    out[i] = (out[i] as number) * 10 ** (db / 20);
  }
  return normalize(out);
}

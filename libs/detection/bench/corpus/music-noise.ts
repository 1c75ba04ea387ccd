import type { Random } from '../../src/testing/seeded-random';
import { gaussian, normalize } from './noise-sources';

/** Semitones of a major scale, and chords (root offsets) of common progressions. */
const SCALE = [0, 2, 4, 5, 7, 9, 11];
const PROGRESSIONS = [
  [0, 7, 9, 5],
  [0, 5, 7, 0],
  [9, 5, 0, 7],
  [0, 9, 5, 7],
];

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length)] as T;

const hz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);

/**
 * Adds one note: harmonics falling 1/k^tilt (a bright or a mellow instrument), a short attack and
 * an exponential decay (plucked) or a sustain (bowed, organ), with a slight vibrato.
 */
function addNote(
  out: Float32Array,
  rate: number,
  note: { at: number; seconds: number; midi: number; gain: number; tilt: number; decay: number },
): void {
  const start = Math.round(note.at * rate);
  const n = Math.min(out.length - start, Math.round(note.seconds * rate));
  const f0 = hz(note.midi);
  const harmonics = Math.max(1, Math.min(12, Math.floor(rate / 2 / f0) - 1));
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const env =
      Math.min(1, t / 0.01) * Math.exp(-t * note.decay) * Math.min(1, (n - i) / (0.02 * rate));
    const phase = 2 * Math.PI * f0 * t + 0.02 * Math.sin(2 * Math.PI * 5.5 * t);
    let v = 0;
    for (let k = 1; k <= harmonics; k++) v += Math.sin(k * phase) / k ** note.tilt;
    out[start + i] = (out[start + i] as number) + note.gain * env * v;
  }
}

/** Kick (falling sine), snare (noise burst + body) and hi-hat (short bright noise) on a beat grid. */
function addDrums(out: Float32Array, rate: number, beat: number, random: Random): void {
  const g = gaussian(random);
  const hit = (at: number, seconds: number, voice: (t: number) => number): void => {
    const start = Math.round(at * rate);
    const n = Math.min(out.length - start, Math.round(seconds * rate));
    for (let i = 0; i < n; i++) out[start + i] = (out[start + i] as number) + voice(i / rate);
  };
  let prev = 0;
  for (let b = 0; b * beat < out.length / rate; b++) {
    const at = b * beat;
    if (b % 2 === 0)
      hit(
        at,
        0.25,
        (t) =>
          1.2 * Math.sin(2 * Math.PI * (50 * t + 40 * (1 - Math.exp(-t * 30)))) * Math.exp(-t * 12),
      );
    else
      hit(at, 0.2, (t) => (0.5 * g() + 0.4 * Math.sin(2 * Math.PI * 190 * t)) * Math.exp(-t * 20));
    for (const half of [0, 0.5]) {
      hit(at + half * beat, 0.05, () => {
        const w = g();
        const v = w - prev;
        prev = w;
        return 0.15 * v;
      });
    }
  }
}

/**
 * Synthesized music of `n` samples, unit RMS: a chord progression (sustained or plucked), a
 * melody of scale notes, and drums, each present or not at random, so files range from a solo
 * instrument to a full band.
 */
export function music(n: number, rate: number, random: Random): Float32Array {
  const out = new Float32Array(n);
  const seconds = n / rate;
  const beat = 60 / (70 + random() * 80);
  const key = 48 + Math.floor(random() * 12);
  const parts = Math.floor(random() * 7) + 1; // bit mask: chords, melody, drums (never none)
  const progression = pick(PROGRESSIONS, random);
  const chordTilt = 0.8 + random() * 1.2;
  const chordDecay = random() < 0.5 ? 0.3 : 3;
  for (let bar = 0; bar * 4 * beat < seconds && parts & 1; bar++) {
    const root = key + (progression[bar % progression.length] as number);
    for (const third of [0, 4, 7, 12]) {
      const minor = third === 4 && [2, 4, 9].includes((root - key) % 12) ? -1 : 0;
      addNote(out, rate, {
        at: bar * 4 * beat,
        seconds: 4 * beat,
        midi: root + third + minor,
        gain: 0.25,
        tilt: chordTilt,
        decay: chordDecay,
      });
    }
  }
  const melodyTilt = 0.6 + random() * 1.2;
  for (let at = 0; at < seconds && parts & 2;) {
    const length = beat * pick([0.5, 0.5, 1, 1, 2], random);
    const midi =
      key +
      12 +
      (SCALE[Math.floor(random() * SCALE.length)] as number) +
      12 * Math.floor(random() * 2);
    if (random() < 0.85)
      addNote(out, rate, { at, seconds: length, midi, gain: 0.4, tilt: melodyTilt, decay: 1 });
    at += length;
  }
  if (parts & 4) addDrums(out, rate, beat, random);
  return normalize(out);
}

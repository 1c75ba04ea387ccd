import type { Random } from '../../src/testing/seeded-random';
import { utteranceSegments, type Segment } from './ground-truth';
import { languageOf, PHRASES, VOICES } from './phrases';
import { OTHER_VOICES, synthesize, type Engine, type Voice } from './synthesizers';

/** Clean speech with its labels. */
export interface CleanScene {
  readonly rate: number;
  readonly speech: Float32Array;
  readonly truth: Segment[];
  /** What was said, for the manifest: voice, speed and level of each utterance. */
  readonly utterances: string[];
}

/** Which half of the corpus a phrase belongs to: even indices train, odd ones test. */
export type Split = 'train' | 'test';

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length)] as T;

/** Log-uniform between lo and hi: as many short pauses as long ones, in ratio terms. */
const logUniform = (lo: number, hi: number, random: Random): number => lo * (hi / lo) ** random();

function phrasesFor(language: string, split: Split): string[] {
  const all = PHRASES[language] ?? [];
  return all.filter((_, i) => i % 2 === (split === 'train' ? 0 : 1));
}

/** Which synthesizers a scene's utterances come from. */
export type Speakers = 'espeak-ng' | 'all';

const ENGINES: readonly Engine[] = ['espeak-ng', 'flite', 'festival'];

/** A random voice and phrase: espeak-ng in any language, or flite or festival in English. */
function voiceAndText(random: Random, split: Split, speakers: Speakers) {
  const engine = speakers === 'all' ? pick(ENGINES, random) : 'espeak-ng';
  const voice = engine === 'espeak-ng' ? pick(VOICES, random) : pick(OTHER_VOICES[engine], random);
  const language = engine === 'espeak-ng' ? languageOf(voice) : 'en';
  return { engine, voice, text: pick(phrasesFor(language, split), random) };
}

/** One utterance: a random voice, speed (110-230 wpm), pitch, and level (-38..-20 dBFS). */
export function utterance(
  random: Random,
  split: Split,
  rate: number,
  speakers: Speakers = 'espeak-ng',
) {
  const { engine, voice, text } = voiceAndText(random, split, speakers);
  // Diphone and HTS voices break up when stretched as far as espeak-ng: narrower range there.
  const wpm = Math.round(engine === 'espeak-ng' ? 110 + random() * 120 : 140 + random() * 70);
  const pitch = Math.round(25 + random() * 50);
  const levelDb = -38 + random() * 18;
  const spec: Voice = { engine, voice, wpm, pitch };
  const raw = synthesize(text, spec, rate);
  const segments = utteranceSegments(raw, rate);
  const active = activePower(raw, segments, rate);
  const gain = active > 0 ? 10 ** (levelDb / 20) / Math.sqrt(active) : 0;
  const samples = raw.map((v) => v * gain);
  const label = `${engine}:${voice} ${wpm}wpm p${pitch} ${levelDb.toFixed(1)}dBFS: ${text}`;
  return { samples, segments, label };
}

/** Mean power of `x` over the labelled segments. */
export function activePower(x: Float32Array, segments: readonly Segment[], rate: number): number {
  let sum = 0;
  let count = 0;
  for (const s of segments) {
    const end = Math.min(x.length, Math.round(s.end * rate));
    for (let i = Math.round(s.start * rate); i < end; i++) sum += (x[i] as number) ** 2;
    count += Math.max(0, end - Math.round(s.start * rate));
  }
  return count > 0 ? sum / count : 0;
}

/**
 * Utterances separated by silences of varied length (0.15-3 s, log-uniform), after a leading
 * silence of 0.2-2 s, until `seconds` is filled.
 */
export function cleanScene(
  random: Random,
  split: Split,
  rate: number,
  seconds: number,
  speakers: Speakers = 'espeak-ng',
) {
  const total = Math.round(seconds * rate);
  const speech = new Float32Array(total);
  const truth: Segment[] = [];
  const utterances: string[] = [];
  let at = Math.round(logUniform(0.2, 2, random) * rate);
  for (;;) {
    const u = utterance(random, split, rate, speakers);
    if (at + u.samples.length > total) break;
    speech.set(u.samples, at);
    for (const s of u.segments) truth.push({ start: s.start + at / rate, end: s.end + at / rate });
    utterances.push(u.label);
    at += u.samples.length + Math.round(logUniform(0.15, 3, random) * rate);
  }
  return { rate, speech, truth, utterances } satisfies CleanScene;
}

/** Speech plus noise scaled to `snrDb` against the speech's power over its labelled frames. */
export function mixAtSnr(scene: CleanScene, noise: Float32Array, snrDb: number): Float32Array {
  const power = activePower(scene.speech, scene.truth, scene.rate);
  let noisePower = 0;
  for (let i = 0; i < scene.speech.length; i++) noisePower += (noise[i] as number) ** 2;
  noisePower /= scene.speech.length;
  const gain = Math.sqrt(power / 10 ** (snrDb / 10) / noisePower);
  return scene.speech.map((v, i) => v + gain * (noise[i] as number));
}

import type { Random } from '../../src/testing/seeded-random';
import type { CorpusFile } from './corpus-manifest';
import type { Segment } from './ground-truth';
import { clicks, hum, ramp, speechShaped } from './interference-noise';
import { music } from './music-noise';
import { babble } from './noise-sources';
import { cleanScene, mixAtSnr, utterance, type Speakers, type Split } from './scene-builder';
import { wavFile } from './wav-files';

/** Noises of the widened corpus: not stationary, tonal, impulsive, or speech-like. */
export const WIDE_NOISES = ['music', 'clicks', 'hum', 'speech-shaped', 'babble', 'ramp'] as const;
export type WideNoise = (typeof WIDE_NOISES)[number];

const RATE = 16000;
const SCENES = 8;
const SCENE_SECONDS = 30;
const SNRS = [20, 10, 5, 0] as const;
const TALKERS = 8;
const NOISE_ONLY_LEVELS_DBFS = [-50, -40, -30, -20] as const;
/** Mixes taken into the long file: 3 of every 10, 60 in all (30 minutes). */
const LONG_EVERY = 10;
const LONG_TAKE = 3;

/** A file to write: bytes and manifest entry (split added by the caller). */
export interface WideFile {
  readonly bytes: Buffer;
  readonly entry: Omit<CorpusFile, 'split'>;
}

/** Continuous speech of one talker (pauses cut out), for babble. */
export function talker(random: Random, split: Split, seconds: number, speakers: Speakers) {
  const parts: Float32Array[] = [];
  let total = 0;
  while (total < seconds * RATE) {
    const u = utterance(random, split, RATE, speakers);
    const first = u.segments[0];
    const last = u.segments[u.segments.length - 1];
    if (!first || !last) continue;
    const part = u.samples.subarray(Math.round(first.start * RATE), Math.round(last.end * RATE));
    parts.push(part);
    total += part.length;
  }
  const out = new Float32Array(total);
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

function wideNoise(kind: WideNoise, n: number, random: Random, talkers: Float32Array[]) {
  if (kind === 'music') return music(n, RATE, random);
  if (kind === 'clicks') return clicks(n, RATE, random);
  if (kind === 'hum') return hum(n, RATE, random);
  if (kind === 'speech-shaped') return speechShaped(n, RATE, random);
  if (kind === 'babble') return babble(talkers, n, random);
  return ramp(n, RATE, random);
}

/** Collects mixes into the 30-minute file with their labels shifted. */
class LongFile {
  private readonly parts: Float32Array[] = [];
  private readonly truth: Segment[] = [];
  private length = 0;

  add(samples: Float32Array, truth: readonly Segment[]): void {
    const offset = this.length / RATE;
    for (const s of truth) this.truth.push({ start: s.start + offset, end: s.end + offset });
    this.parts.push(samples);
    this.length += samples.length;
  }

  file(): WideFile {
    const all = new Float32Array(this.length);
    this.parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
    const duration = this.length / RATE;
    const note = `${this.parts.length} widened-corpus mixes end to end`;
    const entry = { path: 'long/30min.wav', kind: 'long' as const, noise: 'mixed', snrDb: null };
    return { bytes: wavFile(all, RATE), entry: { ...entry, duration, truth: this.truth, note } };
  }
}

/** Speech-free files of each widened noise, at two levels. */
function* noiseOnly(random: Random, talkers: Float32Array[]): Generator<WideFile> {
  const n = SCENE_SECONDS * RATE;
  for (const kind of WIDE_NOISES) {
    for (const db of NOISE_ONLY_LEVELS_DBFS) {
      const samples = wideNoise(kind, n, random, talkers).map((v) => v * 10 ** (db / 20));
      const entry = { path: `noise-only/${kind}${db}dBFS.wav`, kind: 'noise-only' as const };
      const note = `${kind} alone at ${db} dBFS`;
      const labels = { noise: kind, snrDb: null, duration: SCENE_SECONDS, truth: [], note };
      yield { bytes: wavFile(samples, RATE), entry: { ...entry, ...labels } };
    }
  }
}

/**
 * The widened corpus of one split: scenes spoken by espeak-ng, flite and festival voices, clean
 * and mixed with each widened noise at 20, 10, 5 and 0 dB; noise-only files; a 30-minute file.
 */
export function* wideCorpus(random: Random, split: Split): Generator<WideFile> {
  const talkers = Array.from({ length: TALKERS }, () => talker(random, split, 20, 'all'));
  const long = new LongFile();
  let mixes = 0;
  for (let s = 0; s < SCENES; s++) {
    const scene = cleanScene(random, split, RATE, SCENE_SECONDS, 'all');
    const duration = scene.speech.length / RATE;
    const common = { kind: 'wide' as const, duration, truth: scene.truth };
    const note = scene.utterances.join(' | ');
    const clean = { ...common, path: `wide/scene${s}-clean.wav`, noise: 'none', snrDb: null };
    yield { bytes: wavFile(scene.speech, RATE), entry: { ...clean, note } };
    for (const kind of WIDE_NOISES) {
      for (const snr of SNRS) {
        const noisy = mixAtSnr(scene, wideNoise(kind, scene.speech.length, random, talkers), snr);
        if (mixes++ % LONG_EVERY < LONG_TAKE) long.add(noisy, scene.truth);
        const path = `wide/scene${s}-${kind}-${snr}dB.wav`;
        yield {
          bytes: wavFile(noisy, RATE),
          entry: { ...common, path, noise: kind, snrDb: snr, note },
        };
      }
    }
  }
  yield* noiseOnly(random, talkers);
  yield long.file();
}

// Writes the labelled detection corpus (audio + manifest.json) into a git-ignored folder,
// deterministically from a seed. Run:
//   node -r @swc-node/register libs/detection/bench/corpus/generate-corpus.ts [out=tmp/corpus] [seed=6]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, type Random } from '../../src/testing/seeded-random';
import {
  CORPUS_VERSION,
  MANIFEST_NAME,
  type CorpusFile,
  type CorpusManifest,
} from './corpus-manifest';
import { edgeCases } from './edge-cases';
import { babble, colouredNoise, modulatedNoise, type NoiseKind } from './noise-sources';
import { cleanScene, mixAtSnr, type Split } from './scene-builder';
import { ensureTools } from './system-tools';
import { wavFile } from './wav-files';
import { talker, wideCorpus } from './wide-corpus';

const RATE = 16000;
const SCENES_PER_SPLIT = 8;
const SCENE_SECONDS = 30;
const NOISES: readonly NoiseKind[] = ['white', 'pink', 'brown', 'babble', 'modulated'];
const SNRS = [20, 10, 5] as const;
const BABBLE_TALKERS = 8;

function noiseFor(kind: NoiseKind, n: number, random: Random, talkers: Float32Array[]) {
  if (kind === 'babble') return babble(talkers, n, random);
  if (kind === 'modulated') return modulatedNoise(n, RATE, random);
  return colouredNoise(kind, n, random);
}

function* scenes(random: Random, split: Split): Generator<{ bytes: Buffer; entry: CorpusFile }> {
  const talkers = Array.from({ length: BABBLE_TALKERS }, () =>
    talker(random, split, 20, 'espeak-ng'),
  );
  for (let s = 0; s < SCENES_PER_SPLIT; s++) {
    const scene = cleanScene(random, split, RATE, SCENE_SECONDS);
    const duration = scene.speech.length / RATE;
    const base = `scenes/scene${s}`;
    const note = scene.utterances.join(' | ');
    const common = { split, kind: 'scene' as const, duration, truth: scene.truth, note };
    yield {
      bytes: wavFile(scene.speech, RATE),
      entry: { ...common, path: `${base}-clean.wav`, noise: 'none', snrDb: null },
    };
    for (const kind of NOISES) {
      for (const snr of SNRS) {
        const noisy = mixAtSnr(scene, noiseFor(kind, scene.speech.length, random, talkers), snr);
        const path = `${base}-${kind}-${snr}dB.wav`;
        yield { bytes: wavFile(noisy, RATE), entry: { ...common, path, noise: kind, snrDb: snr } };
      }
    }
  }
}

/** Generates the corpus into `out` and returns its manifest. */
export function generateCorpus(out: string, seed: number): CorpusManifest {
  ensureTools();
  rmSync(out, { recursive: true, force: true });
  const files: CorpusFile[] = [];
  for (const split of ['train', 'test'] as const) {
    const random = seededRandom(seed * 2 + (split === 'train' ? 0 : 1));
    const write = (bytes: Buffer, entry: CorpusFile): void => {
      const file = { ...entry, path: `${split}/${entry.path}` };
      mkdirSync(path.dirname(path.join(out, file.path)), { recursive: true });
      writeFileSync(path.join(out, file.path), bytes);
      files.push(file);
    };
    for (const { bytes, entry } of scenes(random, split)) write(bytes, entry);
    for (const { bytes, entry } of edgeCases(random, split)) write(bytes, { ...entry, split });
    // Its own stream, so the original scenes and edge files stay what they were.
    const wideRandom = seededRandom(seed * 2 + (split === 'train' ? 0 : 1) + 1000);
    for (const { bytes, entry } of wideCorpus(wideRandom, split)) write(bytes, { ...entry, split });
    console.log(`${split}: ${files.filter((f) => f.split === split).length} files`);
  }
  const manifest: CorpusManifest = { version: CORPUS_VERSION, seed, files };
  writeFileSync(path.join(out, MANIFEST_NAME), JSON.stringify(manifest, null, 1));
  return manifest;
}

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? 'tmp/corpus');
  const seed = Number(process.argv[3] ?? 6);
  generateCorpus(out, seed);
  console.log(`corpus written to ${out}`);
}

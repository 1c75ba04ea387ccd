// `npm run bench:detection`: runs our detector and the references on the test half of the
// generated corpus (made first if missing) and prints one table. Options:
//   --split train|test   which half (tune on train, report on test)    --passes N   timed speed passes (5)
//   --only a,b           detectors to run (jobmill, webrtc-0, webrtc-3, energy)
//   --corpus DIR         corpus folder (tmp/corpus)                    --seed N     corpus seed (6)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detectSpeech } from '../src/detect-speech';
import {
  summarize,
  type BenchDetector,
  type DetectorSummary,
  type FileOutcome,
} from './benchmark-evaluation';
import { allTargetsMet, benchmarkTable } from './benchmark-table';
import {
  CORPUS_VERSION,
  MANIFEST_NAME,
  type CorpusFile,
  type CorpusManifest,
} from './corpus/corpus-manifest';
import { generateCorpus } from './corpus/generate-corpus';
import { energyDetect } from './references/energy.detector';
import { summarizeWide, type WideSummary } from './wide-evaluation';
import { wideTables, wideTargetsMet } from './wide-table';
import { loadNodeVad, webrtcDetect } from './references/webrtc.detector';

const CHUNK = 64 * 1024;

async function* slices(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

function detectors(): BenchDetector[] {
  const list: BenchDetector[] = [
    { name: 'jobmill', detect: async (b) => (await detectSpeech(slices(b))).segments },
  ];
  const vad = loadNodeVad();
  if (vad) {
    list.push({ name: 'webrtc-0', detect: (b) => webrtcDetect(vad, 0, b) });
    list.push({ name: 'webrtc-3', detect: (b) => webrtcDetect(vad, 3, b) });
  } else {
    console.warn('node-vad is not installed (or did not build): WebRTC columns left out');
  }
  list.push({ name: 'energy', detect: energyDetect });
  return list;
}

function loadCorpus(dir: string, seed: number): CorpusManifest {
  const file = path.join(dir, MANIFEST_NAME);
  if (existsSync(file)) {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as CorpusManifest;
    if (manifest.version === CORPUS_VERSION && manifest.seed === seed) return manifest;
  }
  console.log(`generating the corpus (seed ${seed}) into ${dir} ...`);
  return generateCorpus(dir, seed);
}

async function outcome(
  detector: BenchDetector,
  file: CorpusFile,
  bytes: Uint8Array,
): Promise<FileOutcome> {
  try {
    return { file, segments: await detector.detect(bytes) };
  } catch (error) {
    return { file, error: (error as Error).message };
  }
}

/** CPU seconds of one pass over the speed files (16 kHz mono scenes). */
async function timedPass(detector: BenchDetector, audio: readonly Uint8Array[]): Promise<number> {
  const before = process.cpuUsage();
  for (const bytes of audio) await detector.detect(bytes);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

type Options = {
  split: string;
  passes: string;
  only?: string;
  corpus: string;
  seed: string;
  'speed-of'?: string;
};

/** Speed of one detector: a warm-up pass, then the median of `passes` timed passes. */
async function measureSpeed(
  detector: BenchDetector,
  audio: readonly Uint8Array[],
  seconds: number,
  passes: number,
) {
  await timedPass(detector, audio);
  const speeds = [];
  for (let p = 0; p < passes; p++) speeds.push(seconds / (await timedPass(detector, audio)));
  speeds.sort((a, b) => a - b);
  return speeds[speeds.length >> 1] ?? 0;
}

/**
 * Runs the speed passes of one detector in a fresh process, so that no other detector or file
 * format has shaped the JIT's view of the shared decoder code first.
 */
function speedInChild(name: string, values: Options): number {
  const args = [
    '--speed-of',
    name,
    '--split',
    values.split,
    '--passes',
    values.passes,
    '--corpus',
    values.corpus,
    '--seed',
    values.seed,
  ];
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, ...args], {
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').pop());
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'test' },
      passes: { type: 'string', default: '5' },
      only: { type: 'string' },
      corpus: { type: 'string', default: 'tmp/corpus' },
      seed: { type: 'string', default: '6' },
      'speed-of': { type: 'string' },
    },
  });
  const dir = path.resolve(values.corpus);
  const manifest = loadCorpus(dir, Number(values.seed));
  const files = manifest.files.filter((f) => f.split === values.split);
  const bytes = new Map(files.map((f) => [f, readFileSync(path.join(dir, f.path))]));
  // Speed over every scored scene, original and widened: 16 kHz mono, 30 s each.
  const scenes = files.filter((f) => f.kind === 'scene' || f.kind === 'wide');
  const audioSeconds = scenes.reduce((sum, f) => sum + f.duration, 0);
  const wanted = (values['speed-of'] ?? values.only)?.split(',');
  const chosen = detectors().filter((d) => !wanted || wanted.includes(d.name));
  if (values['speed-of']) {
    const audio = scenes.map((f) => bytes.get(f) as Buffer);
    return console.log(
      await measureSpeed(chosen[0] as BenchDetector, audio, audioSeconds, Number(values.passes)),
    );
  }
  const summaries = [];
  const wide: WideSummary[] = [];
  for (const detector of chosen) {
    const outcomes = [];
    for (const file of files)
      outcomes.push(await outcome(detector, file, bytes.get(file) as Buffer));
    summaries.push(summarize(detector.name, outcomes, speedInChild(detector.name, values)));
    wide.push(summarizeWide(detector.name, outcomes));
    process.stderr.write(`${detector.name} done\n`);
  }
  report(values.split, manifest.seed, files.length, scenes.length, audioSeconds, summaries);
  reportWide(wide, longFileMemory(dir, files, chosen));
}

/** Peak memory of each of our detectors streaming the 30-minute file from disk, in a fresh process. */
function longFileMemory(dir: string, files: readonly CorpusFile[], chosen: BenchDetector[]) {
  const long = files.find((f) => f.kind === 'long');
  const memory = new Map<string, number>();
  if (!long) return memory;
  const script = path.join(__dirname, 'long-file-memory.ts');
  for (const { name } of chosen.filter((d) => d.name.startsWith('jobmill'))) {
    const args = [...process.execArgv, script, path.join(dir, long.path)];
    const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
    memory.set(name, Number(out.trim().split('\n').pop()));
  }
  return memory;
}

function reportWide(wide: readonly WideSummary[], memory: ReadonlyMap<string, number>): void {
  console.log(`\n${wideTables(wide, memory)}`);
  console.log('* babble (other talkers) is shown on its own and held to no target');
  for (const s of wide.filter((w) => w.name.startsWith('jobmill')))
    console.log(
      `${s.name} meets ${wideTargetsMet(s, memory) ? 'every' : 'NOT every'} widened target`,
    );
}

/** Prints the table and what the reader needs to trust it. */
function report(
  split: string,
  seed: number,
  fileCount: number,
  sceneCount: number,
  audioSeconds: number,
  summaries: readonly DetectorSummary[],
): void {
  const minutes = (audioSeconds / 60).toFixed(0);
  console.log(
    `\nVoice detection, ${split} half of the corpus (seed ${seed}): ${fileCount} files, ${sceneCount} scenes = ${minutes} min of 16 kHz audio\n`,
  );
  console.log(benchmarkTable(summaries));
  const load = os.loadavg().map((l) => l.toFixed(1));
  console.log(
    `\nnode ${process.version}, ${os.cpus().length} cores, load average ${load.join(' ')}`,
  );
  console.log('* babble (other talkers) is shown on its own and left out of every target measure');
  for (const s of summaries)
    for (const failure of s.failures) console.log(`${s.name} failed on ${failure}`);
  const ours = summaries[0];
  for (const m of ours?.malformed ?? []) console.log(`${ours?.name} rejected ${m}`);
  if (ours?.name === 'jobmill')
    console.log(`\njobmill meets ${allTargetsMet(ours) ? 'every target' : 'NOT every target'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

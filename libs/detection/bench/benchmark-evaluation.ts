import type { CorpusFile } from './corpus/corpus-manifest';
import { boundaryErrors, boundaryStats, type BoundaryStats } from './scoring/boundary-errors';
import {
  addCounts,
  countFrames,
  frameMetrics,
  type FrameCounts,
  type Interval,
} from './scoring/frame-scorer';

/** A detector under test: segments of a WAV held in memory (decoding included). */
export interface BenchDetector {
  readonly name: string;
  detect(bytes: Uint8Array): Promise<readonly Interval[]> | readonly Interval[];
}

/** What one detector did with one file. */
export interface FileOutcome {
  readonly file: CorpusFile;
  readonly segments?: readonly Interval[];
  readonly error?: string;
}

/** Everything the table shows for one detector. */
export interface DetectorSummary {
  readonly name: string;
  /** F1 over scenes, by SNR label ('clean', '20 dB', ...) and by noise kind. */
  readonly f1BySnr: ReadonlyMap<string, number>;
  readonly f1ByNoise: ReadonlyMap<string, number>;
  /** False-alarm rate over every non-speech frame of the scenes and valid edge files. */
  readonly falseAlarmRate: number;
  /** Frames flagged on speech-free files, and how many of those files had any. */
  readonly speechFreeFrames: number;
  readonly speechFreeFilesFlagged: number;
  readonly boundaries: BoundaryStats;
  /** Lowest F1 over valid edge files with speech (the 0.2 s file aside), and which. */
  readonly edgeMinF1: number;
  readonly edgeWorst: string;
  readonly shortRecall: number;
  readonly malformedRejected: number;
  readonly malformedTotal: number;
  /** Each malformed file with the error it got (or 'accepted'). */
  readonly malformed: readonly string[];
  /** Valid files that threw. */
  readonly failures: readonly string[];
  /** Audio seconds per CPU second, median of passes. */
  readonly speed: number;
}

/** Noises reported on their own row but left out of every target measure. */
export const UNSCORED_NOISES: ReadonlySet<string> = new Set(['babble']);

/** Label of an SNR row. */
export const snrLabel = (snr: number | null): string => (snr === null ? 'clean' : `${snr} dB`);

function f1By(outcomes: readonly FileOutcome[], key: (f: CorpusFile) => string) {
  const groups = new Map<string, FrameCounts[]>();
  for (const { file, segments } of outcomes) {
    const counts = countFrames(file.truth, segments ?? [], file.duration);
    groups.set(key(file), [...(groups.get(key(file)) ?? []), counts]);
  }
  return new Map([...groups].map(([k, list]) => [k, frameMetrics(addCounts(list)).f1]));
}

function edgeSummary(edges: readonly FileOutcome[]) {
  let edgeMinF1 = 1;
  let edgeWorst = '-';
  let shortRecall = 0;
  for (const { file, segments } of edges) {
    if (file.truth.length === 0) continue;
    const m = frameMetrics(countFrames(file.truth, segments ?? [], file.duration));
    if (file.path.endsWith('short-0.2s.wav')) shortRecall = m.recall;
    else if (m.f1 < edgeMinF1) [edgeMinF1, edgeWorst] = [m.f1, file.path.split('/').pop() ?? ''];
  }
  return { edgeMinF1, edgeWorst, shortRecall };
}

/** Scores one detector's outcomes on a split. */
export function summarize(
  name: string,
  outcomes: readonly FileOutcome[],
  speed: number,
): DetectorSummary {
  const allScenes = outcomes.filter((o) => o.file.kind === 'scene');
  // Babble is other people talking: shown by itself, never part of the targets (see README).
  const scenes = allScenes.filter((o) => !UNSCORED_NOISES.has(o.file.noise));
  const edges = outcomes.filter((o) => o.file.kind === 'edge');
  const valid = [...scenes, ...edges];
  const all = addCounts(
    valid.map((o) => countFrames(o.file.truth, o.segments ?? [], o.file.duration)),
  );
  const speechFree = edges.filter((o) => o.file.truth.length === 0);
  const flagged = speechFree.map((o) => countFrames([], o.segments ?? [], o.file.duration).fp);
  const errors = scenes.flatMap((o) => boundaryErrors(o.file.truth, o.segments ?? []));
  const malformed = outcomes.filter((o) => o.file.kind === 'malformed');
  return {
    name,
    f1BySnr: f1By(scenes, (f) => snrLabel(f.snrDb)),
    f1ByNoise: f1By(allScenes, (f) => f.noise),
    falseAlarmRate: frameMetrics(all).falseAlarmRate,
    speechFreeFrames: flagged.reduce((a, b) => a + b, 0),
    speechFreeFilesFlagged: flagged.filter((n) => n > 0).length,
    boundaries: boundaryStats(errors),
    ...edgeSummary(edges),
    malformedRejected: malformed.filter((o) => o.error !== undefined).length,
    malformedTotal: malformed.length,
    malformed: malformed.map((o) => `${o.file.path}: ${o.error ?? 'accepted'}`),
    failures: valid.filter((o) => o.error !== undefined).map((o) => `${o.file.path}: ${o.error}`),
    speed,
  };
}

import type { FileOutcome } from './benchmark-evaluation';
import { UNSCORED_NOISES, snrLabel } from './benchmark-evaluation';
import { addCounts, countFrames, frameMetrics, type FrameCounts } from './scoring/frame-scorer';

/** One detector's scores on the widened corpus. */
export interface WideSummary {
  readonly name: string;
  /** F1 over every scored widened scene (babble aside), all SNRs and clean. */
  readonly f1: number;
  /** F1 by SNR label ('clean', '20 dB' ... '0 dB') and by noise kind (babble included). */
  readonly f1BySnr: ReadonlyMap<string, number>;
  readonly f1ByNoise: ReadonlyMap<string, number>;
  /** False-alarm rate over the non-speech frames of the scored widened scenes. */
  readonly falseAlarmRate: number;
  /** False-alarm rate on the noise-only files, by noise kind. */
  readonly noiseOnly: ReadonlyMap<string, number>;
  /** F1 on the 30-minute file. */
  readonly longF1: number;
}

const counts = (o: FileOutcome): FrameCounts =>
  countFrames(o.file.truth, o.segments ?? [], o.file.duration);

function grouped(outcomes: readonly FileOutcome[], key: (o: FileOutcome) => string) {
  const groups = new Map<string, FrameCounts[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), counts(o)]);
  return new Map([...groups].map(([k, list]) => [k, frameMetrics(addCounts(list))]));
}

/** Scores one detector's outcomes on the widened files of a split. */
export function summarizeWide(name: string, outcomes: readonly FileOutcome[]): WideSummary {
  const wide = outcomes.filter((o) => o.file.kind === 'wide');
  const scored = wide.filter((o) => !UNSCORED_NOISES.has(o.file.noise));
  const all = frameMetrics(addCounts(scored.map(counts)));
  const noiseOnly = outcomes.filter((o) => o.file.kind === 'noise-only');
  const long = outcomes.find((o) => o.file.kind === 'long');
  const map = <T>(m: Map<string, T>, f: (v: T) => number) =>
    new Map([...m].map(([k, v]) => [k, f(v)]));
  return {
    name,
    f1: all.f1,
    f1BySnr: map(
      grouped(scored, (o) => snrLabel(o.file.snrDb)),
      (m) => m.f1,
    ),
    f1ByNoise: map(
      grouped(wide, (o) => o.file.noise),
      (m) => m.f1,
    ),
    falseAlarmRate: all.falseAlarmRate,
    noiseOnly: map(
      grouped(noiseOnly, (o) => o.file.noise),
      (m) => m.falseAlarmRate,
    ),
    longF1: long ? frameMetrics(counts(long)).f1 : Number.NaN,
  };
}

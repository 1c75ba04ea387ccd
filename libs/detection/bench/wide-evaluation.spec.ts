import type { FileOutcome } from './benchmark-evaluation';
import type { CorpusFile } from './corpus/corpus-manifest';
import { summarizeWide } from './wide-evaluation';
import { wideTables, wideTargetsMet } from './wide-table';

function file(kind: CorpusFile['kind'], noise: string, snrDb: number | null, speech: boolean) {
  const truth = speech ? [{ start: 0, end: 1 }] : [];
  const path = `${kind}/${noise}-${String(snrDb)}.wav`;
  return { path, split: 'test', kind, noise, snrDb, duration: 2, truth, note: '' } as const;
}

const outcome = (f: CorpusFile, start: number, end: number): FileOutcome => ({
  file: f,
  segments: [{ start, end }],
});

describe('summarizeWide', () => {
  const outcomes: FileOutcome[] = [
    outcome(file('wide', 'music', 0, true), 0, 1), // perfect
    outcome(file('wide', 'hum', 0, true), 0, 2), // one second of false alarm
    outcome(file('wide', 'babble', 0, true), 0, 2), // left out of "all"
    outcome(file('noise-only', 'music', null, false), 0, 0.2),
    outcome(file('scene', 'white', 20, true), 1, 2), // original corpus: not counted here
    outcome(file('long', 'mixed', null, true), 0, 1),
  ];
  const summary = summarizeWide('jobmill', outcomes);

  it('pools F1 over the widened scenes, babble aside, and by SNR and noise', () => {
    // music: tp 100; hum: tp 100, fp 100 -> precision 2/3, recall 1.
    expect(summary.f1).toBeCloseTo(0.8, 5);
    expect(summary.f1BySnr.get('0 dB')).toBeCloseTo(0.8, 5);
    expect(summary.f1ByNoise.get('music')).toBe(1);
    expect(summary.f1ByNoise.get('babble')).toBeCloseTo(2 / 3, 5);
    expect(summary.falseAlarmRate).toBe(0.5);
  });

  it('reports false alarms on noise-only files by kind and F1 on the long file', () => {
    expect(summary.noiseOnly.get('music')).toBeCloseTo(0.1, 5);
    expect(summary.longF1).toBe(1);
  });

  it('holds our detector to the widened targets and shows PASS or FAIL', () => {
    const memory = new Map([['jobmill', 10]]);
    expect(wideTargetsMet(summary, memory)).toBe(false);
    const tables = wideTables([summary], memory);
    expect(tables).toContain('0.800 FAIL');
    expect(tables).toContain('10.0 % PASS');
    expect(tables).toContain('10 MB PASS');
  });
});

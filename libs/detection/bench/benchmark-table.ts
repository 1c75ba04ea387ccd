import { UNSCORED_NOISES, type DetectorSummary } from './benchmark-evaluation';

/** A row: label, target text, how to read a summary, and the target test (ours only). */
interface Row {
  readonly label: string;
  readonly target: string;
  readonly value: (s: DetectorSummary) => string;
  readonly pass?: (s: DetectorSummary) => boolean;
}

const f = (x: number | undefined, digits = 3): string =>
  x === undefined ? 'n/a' : x.toFixed(digits);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
const secs = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 1000)} ms` : 'none');

const f1Row = (snr: string, min: number): Row => ({
  label: `F1 ${snr}`,
  target: `>= ${min}`,
  value: (s) => f(s.f1BySnr.get(snr)),
  pass: (s) => (s.f1BySnr.get(snr) ?? 0) >= min,
});

const ROWS: readonly Row[] = [
  f1Row('clean', 0.98),
  f1Row('20 dB', 0.98),
  f1Row('10 dB', 0.96),
  f1Row('5 dB', 0.94),
  {
    label: 'false alarms, non-speech frames',
    target: '<= 5 %',
    value: (s) => pct(s.falseAlarmRate),
    pass: (s) => s.falseAlarmRate <= 0.05,
  },
  {
    label: 'false alarms, speech-free files',
    target: '0 frames',
    value: (s) => `${s.speechFreeFrames} fr / ${s.speechFreeFilesFlagged} files`,
    pass: (s) => s.speechFreeFrames === 0,
  },
  {
    label: 'boundaries within 100 ms',
    target: '>= 75 %',
    value: (s) => pct(s.boundaries.withinTolerance),
    pass: (s) => s.boundaries.withinTolerance >= 0.75,
  },
  { label: 'boundary error, median', target: '', value: (s) => secs(s.boundaries.median) },
  {
    label: 'edge files, lowest F1',
    target: '>= 0.95',
    value: (s) => `${f(s.edgeMinF1)} ${s.edgeWorst.replace(/\.wav$/, '')}`,
    pass: (s) => s.edgeMinF1 >= 0.95 && s.failures.length === 0,
  },
  {
    label: '0.2 s file, recall',
    target: '>= 0.5',
    value: (s) => f(s.shortRecall),
    pass: (s) => s.shortRecall >= 0.5,
  },
  {
    label: 'malformed files rejected',
    target: 'all',
    value: (s) => `${s.malformedRejected}/${s.malformedTotal}`,
    pass: (s) => s.malformedRejected === s.malformedTotal,
  },
  {
    label: 'speed, x real time (1 core)',
    target: '>= 5000',
    value: (s) => String(Math.round(s.speed)),
    pass: (s) => s.speed >= 5000,
  },
];

function noiseRows(summaries: readonly DetectorSummary[]): Row[] {
  const kinds = [...(summaries[0]?.f1ByNoise.keys() ?? [])];
  return kinds.map((kind) => ({
    label: `  F1 in ${kind === 'none' ? 'no noise' : `${kind} noise`}${UNSCORED_NOISES.has(kind) ? ' *' : ''}`,
    target: '',
    value: (s) => f(s.f1ByNoise.get(kind)),
  }));
}

/** Speed as a multiple of WebRTC's in the same run: steadier than the absolute figure on a loaded machine. */
function relativeSpeed(summaries: readonly DetectorSummary[]): Row {
  const webrtc = summaries.find((s) => s.name === 'webrtc-0');
  return {
    label: 'speed, x webrtc-0 (same run)',
    target: '',
    value: (s) => (webrtc ? `${(s.speed / webrtc.speed).toFixed(1)}x` : 'n/a'),
  };
}

/**
 * The benchmark table as Markdown: one row per measure, our detector first with PASS/FAIL
 * against its target, the references beside it.
 */
export function benchmarkTable(summaries: readonly DetectorSummary[]): string {
  const [ours] = summaries;
  const rows = [
    ...ROWS.slice(0, 4),
    ...noiseRows(summaries),
    ...ROWS.slice(4),
    relativeSpeed(summaries),
  ];
  const header = ['measure', 'target', ...summaries.map((s) => s.name)];
  const lines = rows.map((row) => [
    row.label,
    row.target,
    ...summaries.map((s) => {
      const verdict = row.pass && s === ours ? (row.pass(s) ? ' PASS' : ' FAIL') : '';
      return `${row.value(s)}${verdict}`;
    }),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map((l) => (l[i] as string).length)),
  );
  const format = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [format(header), rule, ...lines.map(format)].join('\n');
}

/** True when our detector (the first summary) meets every target. */
export function allTargetsMet(ours: DetectorSummary): boolean {
  return ROWS.every((row) => !row.pass || row.pass(ours));
}

/** A time interval in seconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Frame counts of a comparison: speech found / missed, non-speech flagged / left alone. */
export interface FrameCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Frame-level quality derived from counts. */
export interface FrameMetrics extends FrameCounts {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Share of the non-speech frames flagged as speech. */
  readonly falseAlarmRate: number;
}

/** The scoring grid: 10 ms frames. */
export const SCORE_FRAME_SECONDS = 0.01;

/** One flag per 10 ms frame: whether the frame's centre lies inside one of `segments`. */
export function frameFlags(segments: readonly Interval[], duration: number): Uint8Array {
  const frames = Math.max(0, Math.round(duration / SCORE_FRAME_SECONDS));
  const flags = new Uint8Array(frames);
  for (const { start, end } of segments) {
    // Frame f's centre is (f + 0.5) * step: inside [start, end) for f in [first, last).
    const first = Math.max(0, Math.ceil(start / SCORE_FRAME_SECONDS - 0.5));
    const last = Math.min(frames, Math.ceil(end / SCORE_FRAME_SECONDS - 0.5));
    flags.fill(1, first, Math.max(first, last));
  }
  return flags;
}

/** Frame counts of `found` against `truth` over `duration` seconds. */
export function countFrames(
  truth: readonly Interval[],
  found: readonly Interval[],
  duration: number,
): FrameCounts {
  const actual = frameFlags(truth, duration);
  const predicted = frameFlags(found, duration);
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let f = 0; f < actual.length; f++) {
    if (actual[f]) counts[predicted[f] ? 'tp' : 'fn']++;
    else counts[predicted[f] ? 'fp' : 'tn']++;
  }
  return counts;
}

/** Sums counts (e.g. over the files of one SNR level). */
export function addCounts(list: readonly FrameCounts[]): FrameCounts {
  const sum = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const c of list) {
    sum.tp += c.tp;
    sum.fp += c.fp;
    sum.fn += c.fn;
    sum.tn += c.tn;
  }
  return sum;
}

/** Precision, recall, F1 and false-alarm rate; an empty denominator reads as perfect. */
export function frameMetrics(counts: FrameCounts): FrameMetrics {
  const { tp, fp, fn, tn } = counts;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const falseAlarmRate = fp + tn === 0 ? 0 : fp / (fp + tn);
  return { ...counts, precision, recall, f1, falseAlarmRate };
}

/** A time interval in seconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Precision, recall and F1 of `found` against `truth`, on a 10 ms grid. */
export function frameScore(
  truth: readonly Interval[],
  found: readonly Interval[],
  duration: number,
) {
  const step = 0.01;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const inside = (list: readonly Interval[], t: number): boolean =>
    list.some((s) => t >= s.start && t < s.end);
  for (let t = step / 2; t < duration; t += step) {
    const actual = inside(truth, t);
    const predicted = inside(found, t);
    if (actual && predicted) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

import type { Interval } from './frame-scorer';

/** Summary of boundary errors. */
export interface BoundaryStats {
  readonly count: number;
  /** Median absolute error in seconds (Infinity when a boundary had no detection at all). */
  readonly median: number;
  /** Share of boundaries found within `tolerance` seconds. */
  readonly withinTolerance: number;
}

/** Tolerance of the boundary target. */
export const BOUNDARY_TOLERANCE_SECONDS = 0.1;

function nearest(sorted: readonly number[], t: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const x of sorted) best = Math.min(best, Math.abs(x - t));
  return best;
}

/**
 * For every true onset, the distance to the nearest detected onset; likewise for offsets. A
 * boundary with nothing detected anywhere scores Infinity.
 */
export function boundaryErrors(truth: readonly Interval[], found: readonly Interval[]): number[] {
  const onsets = found.map((s) => s.start);
  const offsets = found.map((s) => s.end);
  return truth.flatMap((s) => [nearest(onsets, s.start), nearest(offsets, s.end)]);
}

/** Median and share within the tolerance of a list of errors. */
export function boundaryStats(
  errors: readonly number[],
  tolerance = BOUNDARY_TOLERANCE_SECONDS,
): BoundaryStats {
  if (errors.length === 0) return { count: 0, median: 0, withinTolerance: 1 };
  const sorted = [...errors].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const within = sorted.filter((e) => e <= tolerance + 1e-9).length / sorted.length;
  return { count: sorted.length, median, withinTolerance: within };
}

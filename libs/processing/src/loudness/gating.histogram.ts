/** Loudness of a mean square (already K-weighted and channel-weighted), BS.1770 eq. 2. */
export function powerToLufs(power: number): number {
  return -0.691 + 10 * Math.log10(power);
}

/** BS.1770-4 absolute gate, in LUFS. */
export const ABSOLUTE_GATE_LUFS = -70;
/** BS.1770-4 relative gate, in LU below the absolutely gated loudness. */
export const RELATIVE_GATE_LU = -10;

const BIN_WIDTH_LU = 0.01;
const TOP_LUFS = 20;
const BIN_COUNT = Math.round((TOP_LUFS - ABSOLUTE_GATE_LUFS) / BIN_WIDTH_LU);

/**
 * The gating blocks of a BS.1770 measurement, kept in constant memory whatever the duration:
 * 0.01 LU bins each holding a block count and the exact sum of the blocks' powers. Means are
 * therefore exact; only the relative gate's cut is resolved to 0.01 LU.
 */
export class GatingHistogram {
  private readonly counts = new Float64Array(BIN_COUNT);
  private readonly sums = new Float64Array(BIN_COUNT);
  private total = 0;

  /** Blocks added so far, gated or not. */
  get blocks(): number {
    return this.total;
  }

  /** Adds one 400 ms block's mean square; blocks at or under the absolute gate are dropped. */
  add(power: number): void {
    this.total++;
    const lufs = powerToLufs(power);
    if (!(lufs > ABSOLUTE_GATE_LUFS)) return;
    const bin = Math.min(BIN_COUNT - 1, Math.floor((lufs - ABSOLUTE_GATE_LUFS) / BIN_WIDTH_LU));
    this.counts[bin] = (this.counts[bin] as number) + 1;
    this.sums[bin] = (this.sums[bin] as number) + power;
  }

  /** Gated integrated loudness in LUFS, or null when no block passes the absolute gate. */
  integratedLufs(): number | null {
    const absolute = this.meanFrom(0);
    if (absolute === null) return null;
    const threshold = powerToLufs(absolute) + RELATIVE_GATE_LU;
    // A bin passes when its centre is above the relative threshold.
    const firstBin = Math.max(
      0,
      Math.floor((threshold - ABSOLUTE_GATE_LUFS) / BIN_WIDTH_LU - 0.5) + 1,
    );
    const relative = this.meanFrom(firstBin);
    return relative === null ? null : powerToLufs(relative);
  }

  private meanFrom(firstBin: number): number | null {
    let count = 0;
    let sum = 0;
    for (let b = firstBin; b < BIN_COUNT; b++) {
      count += this.counts[b] as number;
      sum += this.sums[b] as number;
    }
    return count === 0 ? null : sum / count;
  }
}

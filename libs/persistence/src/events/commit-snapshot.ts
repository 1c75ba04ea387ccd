/**
 * A PostgreSQL snapshot (`pg_snapshot` text, `xmin:xmax:xip,...`): which transactions had
 * committed when it was taken. Of a committed transaction, it says whether the snapshot saw it.
 */
export class CommitSnapshot {
  /** Every transaction below it had ended when the snapshot was taken. */
  readonly xmin: bigint;
  private readonly xmax: bigint;
  private readonly inProgress: ReadonlySet<bigint>;

  constructor(readonly text: string) {
    const [xmin, xmax, xip] = text.split(':');
    if (xmin === undefined || xmax === undefined || xip === undefined) {
      throw new Error(`not a pg_snapshot: '${text}'`);
    }
    this.xmin = BigInt(xmin);
    this.xmax = BigInt(xmax);
    this.inProgress = new Set(xip === '' ? [] : xip.split(',').map((x) => BigInt(x)));
  }

  /** Whether the snapshot saw the rows of committed transaction `tx` (null: rows older than tx ids). */
  sees(tx: bigint | null): boolean {
    if (tx === null || tx < this.xmin) return true;
    return tx < this.xmax && !this.inProgress.has(tx);
  }
}

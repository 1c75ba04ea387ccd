/** A parsed batch message: its members, or why it was refused as a whole. */
type OpenedBatch =
  { readonly ok: true; readonly members: readonly unknown[] } | { readonly ok: false };

/**
 * Bounds the jobs of batch messages opened at once. The prefetch bounds messages, not jobs: a
 * prefetch of 100 batch messages of 500 commands opened at once held 50,000 parsed commands and
 * their pending runs (hundreds of MB) that the slots could not start for many seconds. A batch
 * message is parsed only while fewer than `limit` members of opened ones are unsettled; the rest
 * wait as raw bytes.
 */
export class BatchOpeningGate {
  private unsettled = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /**
   * Waits for room, then parses the message with `open` and counts its members. The check and
   * the count happen in the same tick, so concurrent deliveries cannot all pass an empty gate.
   */
  async open<T extends OpenedBatch>(open: () => T): Promise<T> {
    while (this.unsettled >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    const opened = open();
    if (opened.ok) this.unsettled += opened.members.length;
    // Still room (a small batch, or a refused one): let the next waiting message in too.
    if (this.unsettled < this.limit) this.waiting.shift()?.();
    return opened;
  }

  /** Counts a member of an opened batch as settled once `run` is over. */
  async settle<T>(run: Promise<T>): Promise<T> {
    try {
      return await run;
    } finally {
      this.unsettled--;
      if (this.unsettled < this.limit) this.waiting.shift()?.();
    }
  }

  /** Members of opened batch messages not yet settled. */
  get unsettledMembers(): number {
    return this.unsettled;
  }
}

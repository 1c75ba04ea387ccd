import type { Logger } from '@nestjs/common';
import type { UnconfirmedCommandsStore } from '@jobmill/persistence';

/** How confirmed ids gather into DELETEs. */
export interface GatherOptions {
  /** How long the first id of a DELETE waits for others. */
  readonly gatherMs: number;
  /** A DELETE goes at once when this many ids are waiting. */
  readonly maxIds: number;
}

/**
 * At one job per request and a low rate, a DELETE per job was a fifth of the statements a job
 * cost. A row waiting for its DELETE is harmless: the sweeper republishes only rows older than
 * REPUBLISH_AFTER_MS (a minute at least).
 */
const DEFAULT_GATHER: GatherOptions = { gatherMs: 200, maxIds: 5_000 };

/**
 * Clears the outbox rows of confirmed commands off the request path: a job is accepted once its
 * command is confirmed, so the 202 need not wait for the DELETE. The ids confirmed within
 * `gatherMs` go in one DELETE, one DELETE at a time; shutdown sends what is gathered at once. A
 * row left behind (the process died first) costs one republish by the sweeper, which the
 * workers' inbox makes harmless.
 */
export class OutboxConfirmations {
  private pending: string[] = [];
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: UnconfirmedCommandsStore,
    private readonly logger: Logger,
    private readonly options: GatherOptions = DEFAULT_GATHER,
  ) {}

  /** Queues the rows of these jobs for deletion. */
  add(jobIds: readonly string[]): void {
    for (const id of jobIds) this.pending.push(id);
    this.schedule();
  }

  /** Resolves once every row queued so far is deleted (or its DELETE failed); waits no window. */
  async settled(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      this.cancelTimer();
      this.running ??= this.deleteGathered();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running || this.pending.length === 0) return;
    if (this.pending.length >= this.options.maxIds) {
      this.cancelTimer();
      this.running = this.deleteGathered();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.running ??= this.deleteGathered();
      }, this.options.gatherMs).unref();
    }
  }

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async deleteGathered(): Promise<void> {
    const ids = this.pending;
    this.pending = [];
    await this.outbox.confirm(ids).catch((error: Error) => {
      this.logger.warn(`Could not mark ${ids.length} command(s) confirmed: ${error.message}`);
    });
    this.running = undefined;
    this.schedule();
  }
}

import type { Logger } from '@nestjs/common';
import type { UnconfirmedCommandsStore } from '@jobmill/persistence';

/**
 * Clears the outbox rows of confirmed commands off the request path: a job is accepted once its
 * command is confirmed, so the 202 need not wait for the DELETE. One DELETE at a time; the ids
 * confirmed meanwhile go together in the next. A row left behind (the process died first) costs
 * one republish by the sweeper, which the workers' inbox makes harmless.
 */
export class OutboxConfirmations {
  private pending: string[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly outbox: UnconfirmedCommandsStore,
    private readonly logger: Logger,
  ) {}

  /** Queues the rows of these jobs for deletion. */
  add(jobIds: readonly string[]): void {
    for (const id of jobIds) this.pending.push(id);
    this.running ??= this.drain();
  }

  /** Resolves once every row queued so far is deleted (or its DELETE failed). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const ids = this.pending;
      this.pending = [];
      await this.outbox.confirm(ids).catch((error: Error) => {
        this.logger.warn(`Could not mark ${ids.length} command(s) confirmed: ${error.message}`);
      });
    }
    this.running = undefined;
  }
}

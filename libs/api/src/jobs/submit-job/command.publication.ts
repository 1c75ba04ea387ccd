import { Logger } from '@nestjs/common';
import type { JobCommand } from '@jobmill/contracts';
import { BrokerBlockedError, type CommandExecutor } from '@jobmill/transport';
import type { FairSharePolicy } from '../../limits/fair-share.policy';
import type { JobStore, UnconfirmedCommandsStore } from '@jobmill/persistence';
import { OutboxConfirmations } from './outbox-confirmations';
import { brokerUnavailable } from './submission-problems';

/**
 * Publishes the commands of jobs just recorded, and settles the outbox rows their insert wrote:
 * confirmed, the rows go (in the background, batched); refused or timed out, the jobs are
 * withdrawn (one statement) and the caller gets a 503. Should the process die in between, the
 * rows stay and the UnconfirmedCommandsSweeper republishes them.
 */
export class CommandPublication {
  private readonly logger = new Logger('CommandPublication');
  private readonly confirmations: OutboxConfirmations;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly jobs: JobStore,
    outbox: UnconfirmedCommandsStore,
    private readonly fairShare?: FairSharePolicy,
  ) {
    this.confirmations = new OutboxConfirmations(outbox, this.logger);
  }

  /** Resolves once the outbox rows of every confirmed command so far are deleted. */
  settled(): Promise<void> {
    return this.confirmations.settled();
  }

  /** Resolves once the broker confirmed every command; throws a 503 problem otherwise. */
  async publish(commands: readonly JobCommand[]): Promise<void> {
    if (commands.length === 0) return;
    const ids = commands.map((c) => c.subject);
    try {
      const { fair, backlog } = this.fairShare
        ? await this.fairShare.split(commands)
        : { fair: commands, backlog: [] };
      await Promise.all([this.send(fair, false), this.send(backlog, true)]);
    } catch (error) {
      if (sentBeforeBlock(error)) {
        // Read and routed once the broker's alarm ends. Their outbox rows stay: the sweeper
        // republishes them (a copy the workers' inbox ignores, or the command itself should the
        // connection drop first). The jobs are accepted.
        this.logger.warn(`${ids.length} command(s) sent as the broker blocked publishing.`);
        return;
      }
      await this.jobs.removeUnpublished(ids).catch((failure: Error) => {
        // Left in place, the sweeper will republish them: the client's retry then needs its
        // Idempotency-Key to avoid a second job.
        this.logger.warn(`Could not withdraw ${ids.length} unpublished job(s): ${failure.message}`);
      });
      throw brokerUnavailable(error);
    }
    // The jobs are accepted whatever happens now: a row left behind costs one republish, which
    // the workers' inbox (keyed by job id) makes harmless.
    this.confirmations.add(ids);
  }

  private async send(commands: readonly JobCommand[], backlog: boolean): Promise<void> {
    const [only] = commands;
    if (commands.length === 1 && only) await this.executor.execute(only, { backlog });
    else if (commands.length > 1) await this.executor.executeMany(commands, { backlog });
  }
}

/** A publish written just before the broker blocked the connection: in flight, not failed. */
export const sentBeforeBlock = (error: unknown): boolean =>
  error instanceof BrokerBlockedError && error.sent;

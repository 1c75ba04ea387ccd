import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { isJobType, type JobCommand } from '@jobmill/contracts';
import { metrics, PeriodicRound } from '@jobmill/platform';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import { UnconfirmedCommandsStore, type UnconfirmedJob } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../../api.config';
import { attemptCommand } from '../attempt-command.factory';

/** Where republished commands say they come from (CloudEvents `source`). */
export const REPUBLISH_SOURCE = '/jobmill/api/republish';

/** Jobs claimed per statement: one claim, one window of confirms, one delete. */
const PAGE = 500;
/** Pages per round, so that one round of a large backlog stays bounded in time. */
const MAX_PAGES = 20;

/**
 * Closes the gap between recording a job (or reopening it for a manual retry) and publishing
 * its command (distributed mode): an API process that died in between left the job's outbox row
 * behind, and any API process republishes that command (same attempt, same id) once the row is
 * REPUBLISH_AFTER_MS old. Replicas share the work without a leader (the claim skips rows another
 * one holds); a command published twice is harmless: the workers see a copy of one command and
 * deduplicate it by job id. Embedded mode needs none of this: it reissues every unfinished job
 * at start.
 */
@Injectable()
export class UnconfirmedCommandsSweeper
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('UnconfirmedCommandsSweeper');
  private readonly republished = metrics.counter(
    'jobs_republished_total',
    'Job commands republished because their publish was never confirmed',
  );
  private readonly rounds: PeriodicRound<number>;

  constructor(
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
    private readonly outbox: UnconfirmedCommandsStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    // A failed round leaves its claims to lapse: the next round after REPUBLISH_AFTER_MS retries.
    this.rounds = new PeriodicRound({
      run: () => this.sweep(),
      intervalMs: this.config.republish.intervalMs,
      failure: 'Republishing failed',
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round: claims due jobs a page at a time and republishes them; returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (let page = 0; page < MAX_PAGES && !this.rounds.stopped; page += 1) {
      const claimed = await this.outbox.claimDue(this.config.republish.afterMs, PAGE);
      const commands = claimed.flatMap((job) => this.commandFor(job));
      if (commands.length > 0) await this.executor.executeMany(commands);
      // Republished, or no longer QUEUED (its command did reach a worker): nothing left to do.
      await this.outbox.confirm(claimed.map((job) => job.id));
      total += commands.length;
      if (claimed.length < PAGE) break;
    }
    if (total > 0) {
      this.republished.inc(total);
      this.logger.warn(`Republished ${total} job command(s) whose publish was never confirmed.`);
    }
    return total;
  }

  private commandFor(job: UnconfirmedJob): JobCommand[] {
    if (!job.queued) return [];
    if (!isJobType(job.type)) {
      this.logger.warn(`Job ${job.id} has the unknown type ${job.type}; not republished.`);
      return [];
    }
    // The very command the dead process published (or meant to): same attempt, same id.
    return [
      attemptCommand({
        jobId: job.id,
        tenant: job.tenant,
        type: job.type,
        input: job.input,
        maxAttempts: job.maxAttempts,
        priority: job.priority,
        attempt: job.attempt,
        messageId: job.messageId,
        source: REPUBLISH_SOURCE,
        trace: job.trace,
      }),
    ];
  }
}

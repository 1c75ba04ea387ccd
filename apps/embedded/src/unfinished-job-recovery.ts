import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createCommand, DEFAULT_PRIORITY, isJobType, type JobCommand } from '@jobmill/contracts';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import {
  UnconfirmedCommandsStore,
  UnfinishedJobsStore,
  type UnfinishedJob,
} from '@jobmill/persistence';

export const RECOVERY_SOURCE = '/jobmill/embedded/recovery';

/**
 * Picks up the jobs a stopped or crashed process left unfinished. The in-process queues die
 * with the process, but the read model knows every job that has not ended: each one's command
 * is issued again. The inbox keeps that safe: a job whose outcome was recorded just republishes
 * it, and a retried attempt is never run twice. Embedded mode owns its database alone (the data
 * folder is locked), so every lease left in it belongs to a process that is gone.
 */
@Injectable()
export class UnfinishedJobRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger('Recovery');

  constructor(
    private readonly unfinished: UnfinishedJobsStore,
    private readonly outbox: UnconfirmedCommandsStore,
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.unfinished.lapseAllLeases();
    await this.unfinished.requeueRunning();
    let issued = 0;
    for await (const page of this.unfinished.list()) {
      const commands = page.flatMap((job) => this.commandFor(job));
      await this.executor.executeMany(commands);
      issued += commands.length;
    }
    // Every job whose command a crash left unconfirmed was among those just reissued.
    await this.outbox.forgetAll();
    if (issued > 0) this.logger.log(`Picked up ${issued} unfinished job(s) from the last run.`);
  }

  private commandFor(job: UnfinishedJob): JobCommand[] {
    if (!isJobType(job.type)) {
      this.logger.warn(`Job ${job.id} has the unknown type ${job.type}; left as it is.`);
      return [];
    }
    const data = {
      input: job.input as never,
      ...(job.maxAttempts === null ? {} : { maxAttempts: job.maxAttempts }),
      ...(job.priority === DEFAULT_PRIORITY ? {} : { priority: job.priority }),
    };
    const command = createCommand({
      jobId: job.id,
      jobType: job.type,
      tenant: job.tenant,
      source: RECOVERY_SOURCE,
      data,
    });
    return [{ ...command, attempt: job.attempt }];
  }
}

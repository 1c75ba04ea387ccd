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
import {
  DelayedJobStore,
  ScheduleStore,
  UnconfirmedCommandsStore,
  type DueJob,
} from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../../api.config';
import { nextTick } from '../../schedules/cron-expression';
import { attemptCommand } from '../attempt-command.factory';

/** Where the commands of delayed and scheduled jobs say they come from (CloudEvents `source`). */
export const DISPATCH_SOURCE = '/jobmill/api/dispatch';

/** Jobs (and schedules) claimed per statement. */
const PAGE = 500;
/** Pages per round, so that one round of a large backlog stays bounded in time. */
const MAX_PAGES = 20;

/**
 * Starts delayed and scheduled jobs when they are due, in every API process (embedded mode
 * too). Each round turns the due ticks of schedules into PENDING jobs (one per tick), then
 * claims the PENDING jobs whose time came, moving them to QUEUED with an outbox row in one
 * statement, and publishes their commands. Replicas share the work without a leader (the claims
 * skip rows another one holds). A failed publish puts its jobs back to PENDING for the next
 * round; a process that dies after the claim leaves outbox rows for the sweeper (distributed)
 * or QUEUED jobs for the start-up recovery (embedded).
 */
@Injectable()
export class DueJobsDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DueJobsDispatcher');
  private readonly dispatched = metrics.counter(
    'jobs_dispatched_total',
    'Delayed and scheduled jobs whose commands were published when due',
  );
  private readonly lateness = metrics.histogram(
    'jobs_dispatch_lateness_seconds',
    'How long after its due time a delayed or scheduled job was published',
    [],
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30],
  );
  private readonly rounds: PeriodicRound<number>;

  constructor(
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
    private readonly delayed: DelayedJobStore,
    private readonly schedules: ScheduleStore,
    private readonly outbox: UnconfirmedCommandsStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.rounds = new PeriodicRound({
      run: () => this.dispatch(),
      intervalMs: this.config.dispatchIntervalMs,
      failure: 'Dispatching due jobs failed',
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round: the due schedule ticks, then the due jobs; returns how many were published. */
  async dispatch(): Promise<number> {
    for (let page = 0; page < MAX_PAGES && !this.rounds.stopped; page += 1)
      if ((await this.schedules.tick(PAGE, nextTick)).length < PAGE) break;
    let total = 0;
    for (let page = 0; page < MAX_PAGES && !this.rounds.stopped; page += 1) {
      const claimed = await this.delayed.claimDue(PAGE);
      total += await this.publish(claimed);
      if (claimed.length < PAGE) break;
    }
    return total;
  }

  private async publish(claimed: readonly DueJob[]): Promise<number> {
    if (claimed.length === 0) return 0;
    const ids = claimed.map((job) => job.id);
    const commands = claimed.flatMap((job) => this.commandFor(job));
    try {
      if (commands.length > 0) await this.executor.executeMany(commands);
    } catch (error) {
      await this.delayed.release(ids);
      throw error;
    }
    await this.outbox.confirm(ids);
    const now = Date.now();
    for (const job of claimed) this.lateness.observe(Math.max(0, now - job.runAt.getTime()) / 1000);
    this.dispatched.inc(commands.length);
    return commands.length;
  }

  private commandFor(job: DueJob): JobCommand[] {
    if (!isJobType(job.type)) {
      this.logger.warn(`Job ${job.id} has the unknown type ${job.type}; not dispatched.`);
      return [];
    }
    return [
      attemptCommand({
        jobId: job.id,
        tenant: job.tenant,
        type: job.type,
        input: job.input,
        maxAttempts: job.maxAttempts,
        attempt: job.attempt,
        messageId: job.messageId,
        priority: job.priority,
        source: DISPATCH_SOURCE,
        trace: job.trace,
      }),
    ];
  }
}

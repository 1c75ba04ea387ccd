import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  eventTypeOf,
  isJobType,
  newId,
  nowIso,
  parseEventType,
  PIPELINE_JOB_TYPE,
  TERMINAL_STATES,
  type JobEvent,
} from '@jobmill/contracts';
import { ControlPublisher } from '@jobmill/job-runtime/client';
import { JobRunStore, JobStore, PipelineStore, type JobView } from '@jobmill/persistence';
import { jobsCancelledCounter } from '@jobmill/service-host';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import { attemptCommand } from '../attempt-command.factory';
import { notFound, ProblemError } from '../../problems/problem.error';
import { API_SOURCE } from '../submit-job/submit-job.handler';

/** 409: the job already has its outcome. */
export const jobFinished = (id: string, outcome: string): ProblemError =>
  new ProblemError(
    409,
    'JOB_FINISHED',
    'Job already finished',
    `Job '${id}' already ended ${outcome}; only a queued or running job can be cancelled.`,
  );

/** The job.cancelled event the API records and announces for a client's cancellation. */
export function cancelledEvent(job: JobView): JobEvent<'cancelled'> {
  return {
    specversion: '1.0',
    id: newId(),
    type: eventTypeOf('cancelled'),
    source: API_SOURCE,
    time: nowIso(),
    subject: job.id,
    datacontenttype: 'application/json',
    data: { jobType: job.type, reason: 'Cancelled by the client.' },
    tenant: job.tenant,
    attempt: job.attempt,
    correlationid: job.id,
  };
}

/**
 * Cancels a queued or running job: records `cancelled` as its one outcome in PostgreSQL (so a
 * worker that takes its command later skips it, and one that finishes it discards the result),
 * marks the read model CANCELLED, then broadcasts on the control exchange, which ends the job's
 * worker thread wherever it runs. The job.cancelled event is announced once, by the worker that
 * holds or next takes the job's command, in that command's name (its correlation id, and a
 * reply to its reply_to): the API does not know them.
 */
@Injectable()
export class CancelJobHandler {
  private readonly logger = new Logger('CancelJobHandler');
  private readonly cancelled = jobsCancelledCounter();

  constructor(
    private readonly jobs: JobStore,
    private readonly runs: JobRunStore,
    private readonly control: ControlPublisher,
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
    private readonly pipelines: PipelineStore,
  ) {}

  /** Cancels the tenant's job; 404 if unknown, 409 if it already ended. */
  async cancel(tenant: string, id: string): Promise<JobView> {
    const job = await this.jobs.findById(tenant, id);
    if (!job) throw notFound('Job', id);
    if (TERMINAL_STATES.includes(job.status)) throw jobFinished(job.id, job.status);
    if (job.type === PIPELINE_JOB_TYPE) return this.cancelPipeline(job);
    return this.cancelJob(job);
  }

  /**
   * A pipeline: its step under way is cancelled like any job (its thread ended, or never
   * started); the trigger on `jobs` then cancels the pipeline and the steps still waiting, in
   * the same transaction. A step that ended meanwhile hands over to the next: try that one.
   */
  private async cancelPipeline(pipeline: JobView): Promise<JobView> {
    for (let round = 0; round < 5; round += 1) {
      const steps = await this.pipelines.steps(pipeline.tenant, pipeline.id);
      const current = steps.find((s) => !s.waiting && !TERMINAL_STATES.includes(s.status));
      if (!current) break;
      const step = await this.jobs.findById(pipeline.tenant, current.id);
      if (!step) continue;
      try {
        await this.cancelJob(step);
      } catch (error) {
        if ((error as ProblemError).code !== 'JOB_FINISHED') throw error;
      }
    }
    const now = await this.jobs.findById(pipeline.tenant, pipeline.id);
    if (!now || now.status !== 'CANCELLED') throw jobFinished(pipeline.id, now?.status ?? 'gone');
    return now;
  }

  private async cancelJob(job: JobView): Promise<JobView> {
    const event = cancelledEvent(job);
    const decision = await this.runs.cancel(job.tenant, job.id, event);
    if (decision.recorded) this.cancelled.inc({ type: job.type });
    const outcome = decision.recorded ? event : decision.event;
    const name = parseEventType(outcome.type);
    if (name !== 'cancelled') throw jobFinished(job.id, String(name).toUpperCase());
    if (job.status === 'PENDING' && decision.recorded) await this.handOver(job);
    else await this.announce(outcome);
    return (await this.jobs.findById(job.tenant, job.id)) ?? job;
  }

  /**
   * A delayed job's command was never published and no dispatcher will publish it now: hand it
   * to a worker at once, which finds the recorded outcome and announces job.cancelled like for
   * any queued job, without starting it. Best effort: the cancellation itself is durable.
   */
  private async handOver(job: JobView): Promise<void> {
    if (!isJobType(job.type) || job.input === null) return;
    const command = attemptCommand({
      jobId: job.id,
      tenant: job.tenant,
      type: job.type,
      input: job.input,
      maxAttempts: job.maxAttempts,
      attempt: job.attempt,
      priority: job.priority,
      source: API_SOURCE,
    });
    await this.executor.execute(command).catch((error: unknown) => {
      this.logger.warn(`Cancellation of pending job ${job.id} not announced: ${String(error)}`);
    });
  }

  /** Best effort: the cancellation is durable; a running job not reached stops at its end. */
  private async announce(event: JobEvent): Promise<void> {
    await this.control.cancel(event.subject, event.tenant).catch((error: unknown) => {
      this.logger.warn(`Cancellation of ${event.subject} not broadcast: ${String(error)}`);
    });
  }
}

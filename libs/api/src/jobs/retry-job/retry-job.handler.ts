import { Inject, Injectable, Logger } from '@nestjs/common';
import { isJobType, newId, PIPELINE_JOB_TYPE } from '@jobmill/contracts';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import {
  JobRetryStore,
  JobStore,
  PipelineStore,
  UnconfirmedCommandsStore,
  type JobView,
} from '@jobmill/persistence';
import { notFound, ProblemError } from '../../problems/problem.error';
import { attemptCommand } from '../attempt-command.factory';
import { sentBeforeBlock } from '../submit-job/command.publication';
import { brokerUnavailable } from '../submit-job/submission-problems';
import { API_SOURCE } from '../submit-job/submit-job.handler';

/** 409: only a FAILED job can be retried. */
export const jobNotFailed = (id: string, status: string): ProblemError =>
  new ProblemError(
    409,
    'JOB_NOT_FAILED',
    'Job not failed',
    `Job '${id}' is ${status}; only a FAILED job can be retried.`,
  );

/** 409: another unfinished job holds the job's dedupKey. */
export const dedupKeyInUse = (id: string, holder: string): ProblemError =>
  new ProblemError(
    409,
    'DEDUP_KEY_IN_USE',
    'Dedup key in use',
    `Job '${id}' cannot be retried while job '${holder}', which has the same dedupKey, is unfinished.`,
  );

/**
 * Retries a FAILED job as a new attempt: re-opens it (QUEUED, attempt + 1, its failed outcome
 * forgotten by the inbox, the attempt's command in the outbox, all in one transaction) and
 * publishes that command with a confirm; if the broker does not confirm, the job is FAILED again
 * as before and the client gets 503. Should the process die in between, the sweeper
 * republishes the command. The attempt's command copy shows up in the job's history. A manual
 * retry is one attempt: its retryable failures are not retried automatically.
 */
@Injectable()
export class RetryJobHandler {
  private readonly logger = new Logger('RetryJobHandler');

  constructor(
    private readonly jobs: JobStore,
    private readonly retries: JobRetryStore,
    private readonly outbox: UnconfirmedCommandsStore,
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
    private readonly pipelines: PipelineStore,
  ) {}

  /** Retries the tenant's failed job; 404 if unknown, 409 unless FAILED, 503 if not published. */
  async retry(tenant: string, id: string): Promise<JobView> {
    const job = await this.jobs.findById(tenant, id.toLowerCase());
    if (job?.type === PIPELINE_JOB_TYPE) return this.resume(job);
    return this.retryJob(tenant, id);
  }

  /**
   * A failed pipeline resumes from its failed step: that step is retried like any job, and the
   * trigger on `jobs` reopens the pipeline (RUNNING, attempt + 1) in the same transaction; the
   * steps before it keep their results, the ones after it wait for it as before.
   */
  private async resume(pipeline: JobView): Promise<JobView> {
    if (pipeline.status !== 'FAILED') throw jobNotFailed(pipeline.id, pipeline.status);
    const steps = await this.pipelines.steps(pipeline.tenant, pipeline.id);
    const failed = steps.find((s) => s.status === 'FAILED');
    if (!failed) throw jobNotFailed(pipeline.id, 'FAILED without a failed step');
    await this.retryJob(pipeline.tenant, failed.id);
    return (await this.jobs.findById(pipeline.tenant, pipeline.id)) ?? pipeline;
  }

  private async retryJob(tenant: string, id: string): Promise<JobView> {
    const messageId = newId();
    const reopened = await this.retries.reopen(tenant, id, messageId);
    if (!reopened.reopened) {
      if (reopened.status === null) throw notFound('Job', id);
      if (reopened.dedupKeyHeldBy !== undefined) throw dedupKeyInUse(id, reopened.dedupKeyHeldBy);
      if (reopened.status === 'FAILED')
        throw new ProblemError(
          409,
          'JOB_NOT_RETRYABLE',
          'Job cannot be retried',
          `Job '${id}' has no valid input to run again (its command never passed validation).`,
        );
      throw jobNotFailed(id, reopened.status);
    }
    const { jobId, type, input, attempt, priority } = reopened;
    if (!isJobType(type)) {
      await this.retries.restore(reopened);
      throw jobNotFailed(id, `of unknown type ${type}`);
    }
    const command = attemptCommand({
      jobId,
      tenant,
      type,
      input,
      maxAttempts: null,
      priority,
      attempt,
      messageId,
      source: API_SOURCE,
    });
    try {
      await this.executor.execute(command);
    } catch (error) {
      // Sent before the broker blocked publishing: it runs once the alarm ends (outbox row kept).
      if (sentBeforeBlock(error)) return (await this.jobs.findById(tenant, jobId)) as JobView;
      await this.retries.restore(reopened);
      throw brokerUnavailable(error);
    }
    // Accepted whatever happens now: a row left behind costs one republish of the same command.
    await this.outbox.confirm([jobId]).catch((error: Error) => {
      this.logger.warn(`Could not mark the retry of ${jobId} confirmed: ${error.message}`);
    });
    return (await this.jobs.findById(tenant, jobId)) as JobView;
  }
}

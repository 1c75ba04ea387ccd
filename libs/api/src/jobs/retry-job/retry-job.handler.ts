import { Inject, Injectable } from '@nestjs/common';
import { createCommand, isJobType, type JobCommand } from '@jobmill/contracts';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import { JobRetryStore, JobStore, type JobView } from '@jobmill/persistence';
import { notFound, ProblemError } from '../../problems/problem.error';
import { brokerUnavailable } from '../submit-job/submission-problems';
import { API_SOURCE } from '../submit-job/submit-job.handler';

/** The command data's ceiling on maxAttempts (contracts). */
const MAX_ATTEMPTS_CEILING = 20;

/** 409: only a FAILED job can be retried. */
export const jobNotFailed = (id: string, status: string): ProblemError =>
  new ProblemError(
    409,
    'JOB_NOT_FAILED',
    'Job not failed',
    `Job '${id}' is ${status}; only a FAILED job can be retried.`,
  );

/**
 * Retries a FAILED job as a new attempt: re-opens it (QUEUED, attempt + 1, its failed outcome
 * forgotten by the inbox) and publishes the attempt's command with a confirm; if the broker
 * does not confirm, the job is FAILED again as before and the client gets 503. The attempt's
 * command copy shows up in the job's history. A manual retry is one attempt: its retryable
 * failures are not retried automatically.
 */
@Injectable()
export class RetryJobHandler {
  constructor(
    private readonly jobs: JobStore,
    private readonly retries: JobRetryStore,
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
  ) {}

  /** Retries the tenant's failed job; 404 if unknown, 409 unless FAILED, 503 if not published. */
  async retry(tenant: string, id: string): Promise<JobView> {
    const reopened = await this.retries.reopen(tenant, id);
    if (!reopened.reopened) {
      if (reopened.status === null) throw notFound('Job', id);
      if (reopened.status === 'FAILED')
        throw new ProblemError(
          409,
          'JOB_NOT_RETRYABLE',
          'Job cannot be retried',
          `Job '${id}' has no valid input to run again (its command never passed validation).`,
        );
      throw jobNotFailed(id, reopened.status);
    }
    if (!isJobType(reopened.type)) throw jobNotFailed(id, `of unknown type ${reopened.type}`);
    const command: JobCommand = {
      ...createCommand({
        jobId: reopened.jobId,
        jobType: reopened.type,
        tenant,
        source: API_SOURCE,
        data: {
          input: reopened.input,
          maxAttempts: Math.min(MAX_ATTEMPTS_CEILING, reopened.attempt),
        },
      }),
      attempt: reopened.attempt,
    };
    try {
      await this.executor.execute(command);
    } catch (error) {
      await this.retries.restore(reopened);
      throw brokerUnavailable(error);
    }
    return (await this.jobs.findById(tenant, reopened.jobId)) as JobView;
  }
}

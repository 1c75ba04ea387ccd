import { Inject, Injectable } from '@nestjs/common';
import {
  createCommand,
  newId,
  validateSubmission,
  type JobCommand,
  type JobSubmission,
} from '@jobmill/contracts';
import { COMMAND_EXECUTOR, type CommandExecutor } from '@jobmill/transport';
import { JobStore, UploadStore, type JobView } from '@jobmill/persistence';
import {
  brokerUnavailable,
  idempotencyConflict,
  invalidSubmission,
  uploadMissing,
} from './submission-problems';
import { requestHash } from './stable-hash';

/** Where the API's commands say they come from (CloudEvents `source`). */
export const API_SOURCE = '/jobmill/api';

/** The outcome of a submission: the job, and whether an Idempotency-Key replayed an earlier one. */
export interface Submitted {
  readonly job: JobView;
  readonly replayed: boolean;
}

/**
 * Accepts jobs: validates with the contracts' schemas, records the job (so it is never a 404
 * once accepted), issues its command and answers only after the broker confirmed it.
 */
@Injectable()
export class SubmitJobHandler {
  constructor(
    @Inject(COMMAND_EXECUTOR) private readonly executor: CommandExecutor,
    private readonly jobs: JobStore,
    private readonly uploads: UploadStore,
  ) {}

  /** Submits one job; the same Idempotency-Key and body give the same job. */
  async submit(
    tenant: string,
    body: unknown,
    idempotencyKey?: string,
    traceparent?: string,
  ): Promise<Submitted> {
    const submission = this.validate(body);
    await this.requireUploads(tenant, [submission]);
    const id = newId();
    const hash = idempotencyKey === undefined ? undefined : requestHash(body);
    const accepted = await this.jobs.insertAccepted({
      id,
      tenant,
      type: submission.type,
      input: submission.input,
      ...(submission.maxAttempts ? { maxAttempts: submission.maxAttempts } : {}),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: hash }),
    });
    if (!accepted.inserted) {
      const { requestHash: previous, ...job } = accepted.existing;
      if (previous !== hash) throw idempotencyConflict(idempotencyKey ?? '');
      return { job, replayed: true };
    }
    await this.publish([commandFor(tenant, id, submission, traceparent)]);
    return { job: accepted.job, replayed: false };
  }

  /** Submits many jobs at once: all are accepted, or none. */
  async submitMany(
    tenant: string,
    bodies: readonly unknown[],
    traceparent?: string,
  ): Promise<JobView[]> {
    const submissions = bodies.map((body, i) => this.validate(body, `/jobs/${i}`));
    await this.requireUploads(tenant, submissions);
    const rows = submissions.map((s) => ({
      id: newId(),
      tenant,
      type: s.type,
      input: s.input,
      ...(s.maxAttempts ? { maxAttempts: s.maxAttempts } : {}),
    }));
    const jobs = await this.jobs.insertAcceptedMany(rows);
    await this.publish(
      rows.map((row, i) =>
        commandFor(tenant, row.id, submissions[i] as JobSubmission, traceparent),
      ),
    );
    return jobs;
  }

  private validate(body: unknown, prefix = ''): JobSubmission {
    const result = validateSubmission(body);
    if (!result.ok) throw invalidSubmission(result, prefix);
    return result.value;
  }

  private async requireUploads(
    tenant: string,
    submissions: readonly JobSubmission[],
  ): Promise<void> {
    // Only the job types that take an upload name one (system.ping takes none).
    const named = submissions.flatMap((s) => s.input['uploadId'] ?? []);
    const ids = [...new Set(named.map(String))];
    const found = await Promise.all(ids.map((id) => this.uploads.find(tenant, id)));
    const missing = ids.find((_, i) => found[i] === null);
    if (missing !== undefined) throw uploadMissing(missing);
  }

  /** Publishes with confirms; if that fails, the rows are withdrawn and the client told to retry. */
  private async publish(commands: readonly JobCommand[]): Promise<void> {
    try {
      if (commands.length === 1) await this.executor.execute(commands[0] as JobCommand);
      else await this.executor.executeMany(commands);
    } catch (error) {
      await Promise.all(commands.map((c) => this.jobs.removeUnpublished(c.subject)));
      throw brokerUnavailable(error);
    }
  }
}

function commandFor(
  tenant: string,
  jobId: string,
  s: JobSubmission,
  traceparent?: string,
): JobCommand {
  return createCommand({
    jobId,
    jobType: s.type,
    tenant,
    source: API_SOURCE,
    data: { input: s.input, ...(s.maxAttempts ? { maxAttempts: s.maxAttempts } : {}) },
    ...(traceparent ? { traceparent } : {}),
  });
}

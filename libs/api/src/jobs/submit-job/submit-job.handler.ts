import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import {
  createCommand,
  carriedTraceContext,
  newId,
  parseRetention,
  topologyNames,
  traceFieldsOf,
  validateSubmission,
  type JobCommand,
  type JobSubmission,
  type TraceContext,
} from '@jobmill/contracts';
import { COMMAND_EXECUTOR, withCreationContext, type CommandExecutor } from '@jobmill/transport';
import {
  DelayedJobStore,
  JobStore,
  PipelineStore,
  UnconfirmedCommandsStore,
  UploadStore,
  WebhookSecretStore,
  type AcceptedJob,
  type InsertAcceptedResult,
  type JobView,
} from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../../api.config';
import { CallbackUrlCheck } from './callback-url.check';
import { CommandPublication } from './command.publication';
import { FairSharePolicy } from '../../limits/fair-share.policy';
import {
  idempotencyConflict,
  invalidSubmission,
  pipelineInBatch,
  retentionTooLong,
  uploadMissing,
} from './submission-problems';
import { requestHash } from './stable-hash';
import { SubmissionBatcher } from './submission-batcher';
import { countingSubmissions } from './submitted-jobs.metrics';
import { BrokerBlockedGate } from '../../limits/broker-blocked.gate';
import { TenantSubmissionLimiter } from '../../limits/tenant-submission.limiter';
import { QueueBacklogLimiter } from '../../limits/queue-backlog.limiter';
import { dueTimeOf } from './submission-timing';
import { PipelineSubmission } from './pipeline.submission';

/** Where the API's commands say they come from (CloudEvents `source`). */
export const API_SOURCE = '/jobmill/api';

/**
 * The outcome of a submission: the job, whether an Idempotency-Key replayed an earlier one, and
 * whether it is an unfinished job that already held the submission's dedupKey.
 */
export interface Submitted {
  readonly job: JobView;
  readonly replayed: boolean;
  readonly deduplicated: boolean;
}

/**
 * Accepts jobs: validates with the contracts' schemas, records the job (so it is never a 404
 * once accepted), issues its command and answers only after the broker confirmed it.
 */
@Injectable()
export class SubmitJobHandler implements BeforeApplicationShutdown {
  private readonly batcher: SubmissionBatcher;
  private readonly publication: CommandPublication;
  private readonly callbacks: CallbackUrlCheck;
  private readonly pipelines: PipelineSubmission;
  /** The commands exchange, as the commands' creation spans name it. */
  private readonly exchange: string;

  constructor(
    @Inject(COMMAND_EXECUTOR) executor: CommandExecutor,
    private readonly jobs: JobStore,
    private readonly uploads: UploadStore,
    outbox: UnconfirmedCommandsStore,
    private readonly limiter: TenantSubmissionLimiter,
    private readonly backlog: QueueBacklogLimiter,
    secrets: WebhookSecretStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly delayed: DelayedJobStore,
    pipelines: PipelineStore,
    fairShare: FairSharePolicy,
    private readonly blocked: BrokerBlockedGate,
  ) {
    this.publication = new CommandPublication(
      countingSubmissions(executor),
      jobs,
      outbox,
      fairShare,
    );
    this.pipelines = new PipelineSubmission(pipelines, this.publication, config.retentionMs);
    this.batcher = new SubmissionBatcher(jobs, uploads, this.publication);
    this.callbacks = new CallbackUrlCheck(config.webhooks, secrets);
    this.exchange = topologyNames(config.topologyPrefix).commands;
  }

  /** Clears the outbox rows of the commands confirmed so far before the process goes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.publication.settled();
  }

  /** Submits one job; the same Idempotency-Key and body give the same job. */
  async submit(
    tenant: string,
    body: unknown,
    idempotencyKey?: string,
    trace?: TraceContext,
  ): Promise<Submitted> {
    const submission = this.validate(body);
    const runAt = dueTimeOf(submission, Date.now());
    this.blocked.admit([runAt]);
    await this.callbacks.check(tenant, [submission]);
    await this.backlog.admit([submission.type]);
    await this.limiter.admit(tenant, 1);
    if (submission.then !== undefined) {
      const pipeline = { ...submission, then: submission.then };
      return this.submitPipeline(tenant, pipeline, runAt, idempotencyKey, body, trace);
    }
    const command = commandFor(tenant, newId(), submission, this.exchange, trace);
    if (runAt !== undefined)
      return this.submitDelayed(submission, command, runAt, idempotencyKey, body);
    if (idempotencyKey === undefined && submission.dedupKey === undefined) {
      // The common case goes through the batcher: concurrent requests share their SQL and confirms.
      const job = await this.batcher.submit({
        job: acceptedJob(command, submission),
        command,
        ...(uploadIdOf(submission) === undefined ? {} : { uploadId: uploadIdOf(submission) }),
      });
      return { job, replayed: false, deduplicated: false };
    }
    await this.requireUploads(tenant, [submission]);
    const hash = idempotencyKey === undefined ? undefined : requestHash(body);
    const accepted = await this.jobs.insertAccepted({
      ...acceptedJob(command, submission),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: hash }),
    });
    if (!accepted.inserted) {
      const { requestHash: previous, ...job } = accepted.existing;
      if (accepted.heldBy === 'dedupKey') return { job, replayed: false, deduplicated: true };
      if (previous !== hash) throw idempotencyConflict(idempotencyKey ?? '');
      return { job, replayed: true, deduplicated: false };
    }
    await this.publication.publish([command]);
    return { job: accepted.job, replayed: false, deduplicated: false };
  }

  /** Submits many jobs at once: all are accepted, or none. `ids`: the jobs' ids, if chosen already. */
  async submitMany(
    tenant: string,
    bodies: readonly unknown[],
    trace?: TraceContext,
    ids?: readonly string[],
  ): Promise<JobView[]> {
    const submissions = bodies.map((body, i) => this.validate(body, `/jobs/${i}`));
    const pipeline = submissions.findIndex((s) => s.then !== undefined);
    if (pipeline >= 0) throw pipelineInBatch(`/jobs/${pipeline}/then`);
    const now = Date.now();
    const due = submissions.map((s, i) => dueTimeOf(s, now, `/jobs/${i}`));
    this.blocked.admit(due);
    await this.callbacks.check(tenant, submissions, (i) => `/jobs/${i}`);
    await this.backlog.admit(submissions.map((s) => s.type));
    await this.limiter.admit(tenant, submissions.length);
    await this.requireUploads(tenant, submissions);
    const commands = submissions.map((s, i) =>
      commandFor(tenant, ids?.[i] ?? newId(), s, this.exchange, trace),
    );
    const accepted = commands.map((c, i) => acceptedJob(c, submissions[i] as JobSubmission));
    if (due.every((d) => d === undefined)) {
      const jobs = await this.jobs.insertAcceptedMany(accepted);
      // A member answered with the job holding its dedupKey has no command of its own.
      await this.publication.publish(commands.filter((c, i) => jobs[i]?.id === c.subject));
      return jobs;
    }
    return this.submitMixed(accepted, commands, due);
  }

  /** A batch with delayed jobs: those are recorded PENDING, the rest published now; all or none. */
  private async submitMixed(
    accepted: readonly AcceptedJob[],
    commands: readonly JobCommand[],
    due: readonly (Date | undefined)[],
  ): Promise<JobView[]> {
    const later = accepted.flatMap((job, i) => {
      const runAt = due[i];
      // Its command, published when due, continues the trace of the one made now.
      const trace = carriedTraceContext(commands[i]);
      return runAt === undefined ? [] : [{ ...job, runAt, trace }];
    });
    const atOnce = accepted.filter((_, i) => due[i] === undefined);
    const delayedViews = await this.delayed.insertPendingMany(later);
    const created = later.filter((job, i) => delayedViews[i]?.id === job.id).map((j) => j.id);
    let views: JobView[];
    try {
      views = await this.jobs.insertAcceptedMany(atOnce);
      const published = new Set(
        atOnce.filter((job, i) => views[i]?.id === job.id).map((j) => j.id),
      );
      await this.publication.publish(commands.filter((c) => published.has(c.subject)));
    } catch (error) {
      await this.delayed.removePending(created);
      throw error;
    }
    // Back into the batch's order: each list is in the order of its members.
    let [d, n] = [0, 0];
    return accepted.map(
      (_, i) => (due[i] === undefined ? views[n++] : delayedViews[d++]) as JobView,
    );
  }

  /** One delayed job: recorded PENDING with its time; the dispatcher publishes it when due. */
  private async submitDelayed(
    submission: JobSubmission,
    command: JobCommand,
    runAt: Date,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<Submitted> {
    await this.requireUploads(command.tenant, [submission]);
    const hash = idempotencyKey === undefined ? undefined : requestHash(body);
    const accepted = await this.delayed.insertPending({
      ...acceptedJob(command, submission),
      runAt,
      trace: carriedTraceContext(command),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: hash }),
    });
    return answered(accepted, idempotencyKey, hash);
  }

  /**
   * A pipeline: its parent and steps recorded at once, the first step published (unless
   * delayed). The first step's command carries no callbackUrl: the parent's terminal state is
   * what the webhook reports.
   */
  private async submitPipeline(
    tenant: string,
    submission: JobSubmission & { readonly then: NonNullable<JobSubmission['then']> },
    runAt: Date | undefined,
    idempotencyKey: string | undefined,
    body: unknown,
    trace: TraceContext | undefined,
  ): Promise<Submitted> {
    await this.requireUploads(tenant, [submission]);
    const { callbackUrl: _parents, ...first } = submission;
    const hash = idempotencyKey === undefined ? undefined : requestHash(body);
    const recorded = await this.pipelines.submit({
      tenant,
      submission,
      command: commandFor(tenant, newId(), first, this.exchange, trace),
      ...(runAt === undefined ? {} : { runAt }),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey, requestHash: hash }),
    });
    return answered(recorded, idempotencyKey, hash);
  }

  private validate(body: unknown, prefix = ''): JobSubmission {
    const result = validateSubmission(body);
    if (!result.ok) throw invalidSubmission(result, prefix);
    // Retention may only shorten the platform's: a longer one is refused rather than cut short.
    const retention = result.value.retention;
    if ((parseRetention(retention) ?? 0) > this.config.retentionMs)
      throw retentionTooLong(retention ?? '', this.config.retentionMs, `${prefix}/retention`);
    return result.value;
  }

  private async requireUploads(
    tenant: string,
    submissions: readonly JobSubmission[],
  ): Promise<void> {
    const ids = submissions.flatMap((s) => uploadIdOf(s) ?? []);
    if (ids.length === 0) return;
    const found = await this.uploads.existing(tenant, ids);
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw uploadMissing(missing);
  }
}

/** A recorded job, or the one holding the submission's idempotency key or dedupKey. */
function answered(
  accepted: InsertAcceptedResult,
  idempotencyKey: string | undefined,
  hash: string | undefined,
): Submitted {
  if (accepted.inserted) return { job: accepted.job, replayed: false, deduplicated: false };
  const { requestHash: previous, ...job } = accepted.existing;
  if (accepted.heldBy === 'dedupKey') return { job, replayed: false, deduplicated: true };
  if (previous !== hash) throw idempotencyConflict(idempotencyKey ?? '');
  return { job, replayed: true, deduplicated: false };
}

/** The upload a submission's input names, if its job type takes one. */
function uploadIdOf(s: JobSubmission): string | undefined {
  // The schema already made it a string wherever the job type takes one.
  const id: unknown = s.input['uploadId'];
  return typeof id === 'string' ? id : undefined;
}

/** The job row of a command about to be published (its id goes into the outbox row). */
function acceptedJob(command: JobCommand, s: JobSubmission): AcceptedJob {
  return {
    id: command.subject,
    tenant: command.tenant,
    type: s.type,
    input: s.input,
    messageId: command.id,
    ...(s.maxAttempts ? { maxAttempts: s.maxAttempts } : {}),
    ...(s.dedupKey === undefined ? {} : { dedupKey: s.dedupKey }),
    ...(s.priority === undefined ? {} : { priority: s.priority }),
    ...(s.retention ? { retentionMs: parseRetention(s.retention) } : {}),
    ...(s.callbackUrl === undefined ? {} : { callbackUrl: s.callbackUrl }),
  };
}

function commandFor(
  tenant: string,
  jobId: string,
  s: JobSubmission,
  exchange: string,
  trace?: TraceContext,
): JobCommand {
  // With tracing on, the command carries its own creation span's context (its job's trace).
  const command = createCommand({
    jobId,
    jobType: s.type,
    tenant,
    source: API_SOURCE,
    data: {
      input: s.input,
      ...(s.maxAttempts ? { maxAttempts: s.maxAttempts } : {}),
      ...(s.priority === undefined ? {} : { priority: s.priority }),
      ...(s.retention ? { retention: s.retention } : {}),
      ...(s.callbackUrl === undefined ? {} : { callbackUrl: s.callbackUrl }),
    },
    ...traceFieldsOf(trace),
  });
  return withCreationContext(command, exchange);
}

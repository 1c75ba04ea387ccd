import {
  eventFor,
  newId,
  nowIso,
  parseJson,
  validateCommand,
  validateResult,
  type JobCommand,
  type JobError,
  type JobType,
  type Validation,
} from '@jobmill/contracts';
import { defaultLogger, describeError, type MessagingLogger } from '../connection/messaging-logger';
import {
  ACK,
  type HandlerOutcome,
  type InboundMessage,
  type Subscription,
} from '../consuming/consumer.types';
import type { MessageConsumer } from '../consuming/message-consumer';
import { encodeEnvelope, toAmqpProperties } from '../publishing/amqp-properties';
import type { ConfirmPublisher } from '../publishing/confirm-publisher';
import type { EventPublisher } from '../publishing/event-publisher.port';
import { delayQueueName, pickDelayStage } from '../topology/delay-stages';
import { classifyError, isRetryable } from './error-classifier';
import type { JobContext, JobHandler, JobOutcome, JobRunnerOptions } from './job-runner.types';
import { poisonFailedEvent } from './poison-event';
import { ProgressCoalescer } from './progress-coalescer';
import { retryDelayMs } from './retry-policy';

/** What a runner needs from the rest of the library. */
export interface JobCommandRunnerDeps {
  readonly consumer: MessageConsumer;
  readonly events: EventPublisher;
  readonly publisher: ConfirmPublisher;
  readonly logger?: MessagingLogger;
}

const DEFAULT_MAX_ATTEMPTS = 3;

/** The reason text of a failed validation: its message and the offending fields. */
function describeInvalid(result: Validation<unknown>): string {
  if (result.ok) return '';
  const fields = result.violations.map((v) => `${v.path || '/'} ${v.message}`).join('; ');
  return fields ? `${result.message} (${fields})` : result.message;
}

/**
 * The worker loop: validates each command, publishes job.started, runs the handler, publishes
 * coalesced progress and the terminal event (confirmed), and only then acks. Retryable failures
 * go through a delay stage back to the same queue; poison goes to the dead-letter queue.
 */
export class JobCommandRunner {
  private readonly abort = new AbortController();
  private readonly logger: MessagingLogger;
  private subscription: Subscription | undefined;

  constructor(
    private readonly deps: JobCommandRunnerDeps,
    private readonly options: JobRunnerOptions,
  ) {
    this.logger = deps.logger ?? defaultLogger(`JobCommandRunner(${options.queue})`);
  }

  /** Starts consuming the queue (idempotent). */
  start(): void {
    this.subscription ??= this.deps.consumer.consume({
      queue: this.options.queue,
      prefetch: this.options.prefetch,
      handler: (message) => this.handle(message),
      onGraceExpired: () => this.abort.abort(new Error('The worker is shutting down.')),
    });
  }

  /** Stops consuming, waits for running jobs up to `graceMs`, then aborts them (they are requeued). */
  async stop(graceMs?: number): Promise<void> {
    await this.subscription?.stop(graceMs);
  }

  /** Handles one delivery; exposed for tests and for other transports. */
  async handle(message: InboundMessage): Promise<HandlerOutcome> {
    const parsed = parseJson(message.body);
    if (!parsed.ok) return this.poison(undefined, parsed.code, parsed.message);
    const valid = validateCommand(parsed.value);
    if (!valid.ok) return this.poison(parsed.value, valid.code, describeInvalid(valid));
    const { command, jobType } = valid.value;
    const handler = this.options.handlers[jobType];
    if (!handler)
      return this.poison(command, 'UNKNOWN_TYPE', `This worker has no handler for ${jobType}.`);
    return this.runJob(command, jobType, handler);
  }

  private async poison(raw: unknown, code: string, reason: string): Promise<HandlerOutcome> {
    const failed = poisonFailedEvent(raw, { code, message: reason }, this.options.source);
    if (failed) await this.deps.events.publish(failed);
    return { kind: 'dead-letter', code, reason };
  }

  private async runJob(
    command: JobCommand,
    jobType: JobType,
    handler: JobHandler,
  ): Promise<HandlerOutcome> {
    const { source, workerId } = this.options;
    const started = this.deps.events.publish(
      eventFor(command, 'started', { jobType, worker: workerId }, source),
    );
    // Awaited below, after the job: the handler need not wait for the confirm.
    started.catch(() => undefined);
    const coalescer = new ProgressCoalescer({ intervalMs: this.options.progressIntervalMs ?? 500 });
    const progress: Promise<void>[] = [];
    const ctx: JobContext = {
      command,
      jobType,
      signal: this.abort.signal,
      reportProgress: (fraction) => {
        const value = coalescer.offer(fraction);
        if (value === undefined) return;
        const event = eventFor(command, 'progress', { jobType, progress: value }, source);
        progress.push(
          this.deps.events.publish(event).catch((error: unknown) => {
            this.logger.warn(`A progress event was not published: ${describeError(error)}`);
          }),
        );
      },
    };
    const outcome = await this.runHandler(handler, ctx);
    coalescer.close();
    await Promise.all([started, ...progress]);
    if (this.abort.signal.aborted)
      return { kind: 'requeue', reason: 'the worker is shutting down' };
    return this.conclude(command, jobType, outcome);
  }

  private async runHandler(handler: JobHandler, ctx: JobContext): Promise<JobOutcome> {
    try {
      const outcome = await handler.run(ctx);
      if (outcome.status !== 'succeeded' || this.options.validateResults === false) return outcome;
      const checked = validateResult(ctx.jobType, outcome.result);
      if (checked.ok) return outcome;
      const error: JobError = {
        code: 'INVALID_RESULT',
        message: describeInvalid(checked),
        kind: 'permanent',
        retryable: false,
      };
      return { status: 'failed', error };
    } catch (error) {
      return { status: 'failed', error: classifyError(error) };
    }
  }

  private async conclude(
    command: JobCommand,
    jobType: JobType,
    outcome: JobOutcome,
  ): Promise<HandlerOutcome> {
    const { source } = this.options;
    if (outcome.status === 'succeeded') {
      await this.deps.events.publish(
        eventFor(command, 'succeeded', { jobType, result: outcome.result }, source),
      );
      return ACK;
    }
    const { error } = outcome;
    const maxAttempts =
      command.data.maxAttempts ?? this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (isRetryable(error) && command.attempt < maxAttempts)
      return this.retry(command, jobType, error);
    await this.deps.events.publish(eventFor(command, 'failed', { jobType, error }, source));
    // The job is over; its command goes to the dead-letter queue with the reason, for inspection.
    return {
      kind: 'dead-letter',
      code: error.code,
      reason: error.message,
      attempts: command.attempt,
    };
  }

  /** Publishes job.retrying and the next attempt into a delay stage of this queue, then acks. */
  private async retry(
    command: JobCommand,
    jobType: JobType,
    error: JobError,
  ): Promise<HandlerOutcome> {
    const stage = pickDelayStage(retryDelayMs(command.attempt, this.options.retryBaseDelayMs));
    const next: JobCommand = {
      ...command,
      id: newId(),
      time: nowIso(),
      attempt: command.attempt + 1,
      causationid: command.id,
    };
    const nextAttemptAt = new Date(Date.now() + stage.ms).toISOString();
    const retrying = eventFor(
      command,
      'retrying',
      { jobType, error, nextAttemptAt },
      this.options.source,
    );
    await Promise.all([
      this.deps.events.publish(retrying),
      this.deps.publisher.publish({
        exchange: '',
        routingKey: delayQueueName(this.options.queue, stage),
        content: encodeEnvelope(next),
        properties: toAmqpProperties(next),
        mandatory: true,
      }),
    ]);
    return ACK;
  }
}

import {
  eventFor,
  isBatchContentType,
  isBacklogRoutingKey,
  priorityOf,
  slotRank,
  type JobCommand,
  type JobError,
  type JobType,
} from '@jobmill/contracts';
import {
  ACK,
  defaultLogger,
  describeError,
  type ConfirmPublisher,
  type EventPublisher,
  type HandlerOutcome,
  type InboundMessage,
  type MessageConsumer,
  type Subscription,
  type TransportLogger,
} from '@jobmill/transport';
import {
  admitCommand,
  admitCommands,
  noHandlerRefusal,
  type CommandAdmission,
  type CommandRefusal,
} from '../admission/command-admission.policy';
import { asActingUser } from '../admission/acting-user.mapper';
import { memberDeadLetterCopy, settleBatch, type MemberDeadLetter } from './command-batch.settler';
import { settleAdmissionRefusal, settleClaimRefusal, type RefusalDeps } from './refusal.settler';
import { laneDelayStageRequest, retryOf } from './delay-stage.request';
import { JobSlots } from './job-slots.semaphore';
import { JobTypeSlots } from './job-type-slots.semaphore';
import { waitingFor } from './shutdown-wait.message';
import { consumeLanes, LaneGates, waitsForSlot } from './priority-lanes.policy';
import { isRetryable } from '../retries/error.classifier';
import { JobControl, shutdownController } from './job.control';
import { timeoutsFor } from '../timeouts/job-timeouts.policy';
import { RunGuard, takesOver, type Admission } from '../leases/run.guard';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobOutcome } from '../handler/job-handler.types';
import { DEFAULT_MAX_ATTEMPTS, type JobRunnerOptions } from './job-runner.types';
import { StartedEventHold, type HeldStart } from '../progress/started-event.hold';
import { runAttempt, type AttemptDeps } from './job-attempt.util';
import { ReplyRouter, replyRouteOf } from '../replies/reply.router';
import { NO_RUNTIME_OBSERVER, type RuntimeObserver } from '../observing/runtime-observer.port';
import { traceAdmitted } from '../tracing/admitted-run.tracing';

/** What a runner needs from the rest of the library. */
export interface JobCommandRunnerDeps {
  readonly consumer: MessageConsumer;
  readonly events: EventPublisher;
  readonly publisher: ConfirmPublisher;
  readonly logger?: TransportLogger;
  /** Request/reply: terminal events reach reply_to only when `events` is this router's wrap(). */
  readonly replies?: ReplyRouter;
  /** Where a batch member that must be dead-lettered gets its own copy (the DLX). */
  readonly deadLetterExchange: string;
}

const SHUTTING_DOWN: HandlerOutcome = { kind: 'requeue', reason: 'the worker is shutting down' };

/**
 * The worker loop: validates each command, publishes job.started, runs the handler, publishes
 * coalesced progress and the terminal event (confirmed), and only then acks. Retryable failures
 * go through a delay stage back to the same queue; poison goes to the dead-letter queue.
 */
export class JobCommandRunner {
  private readonly abort = shutdownController();
  private readonly logger: TransportLogger;
  private subscriptions: Subscription[] | undefined;
  private readonly replies: ReplyRouter;
  private readonly guard: RunGuard;
  private readonly starts: StartedEventHold;
  private readonly attemptDeps: AttemptDeps;
  /** The attempts running here, by job id, for cancellation. */
  private readonly running = new Map<string, JobControl>();
  /** Jobs at once, whether one per message or many per batch message. */
  private readonly slots: JobSlots;
  private readonly slotsOf: JobTypeSlots;
  private readonly batches: LaneGates;
  private readonly observer: RuntimeObserver;
  private readonly refusalDeps: RefusalDeps;
  /** Paused job types of a queue still consumed for others: their commands wait in a delay stage. */
  private parked: ReadonlySet<string> = new Set();
  /** Set by stop(): the jobs delivered but not started go back to the queue instead of running. */
  private stopping = false;

  constructor(
    private readonly deps: JobCommandRunnerDeps,
    private readonly options: JobRunnerOptions,
  ) {
    this.logger = deps.logger ?? defaultLogger(`JobCommandRunner(${options.queue})`);
    this.replies = deps.replies ?? new ReplyRouter(deps.publisher);
    this.guard = new RunGuard(
      options.runs,
      deps.events,
      options.workerId,
      this.logger,
      options.leaseMs,
    );
    this.starts = new StartedEventHold(deps.events, options.startedHoldMs);
    this.attemptDeps = { options, events: deps.events, logger: this.logger };
    this.observer = options.observer ?? NO_RUNTIME_OBSERVER;
    this.refusalDeps = {
      replies: this.replies,
      guard: this.guard,
      events: deps.events,
      source: options.source,
      admission: options.admission,
    };
    this.slots = new JobSlots(options.concurrency ?? options.prefetch, (inUse, size) =>
      this.observer.slotsChanged(options.queue, inUse, size),
    );
    // Two windows of jobs ready behind the running ones keep the slots fed.
    this.slotsOf = new JobTypeSlots(this.slots, options.typeConcurrency);
    this.batches = new LaneGates(2 * this.slots.size);
    // Each job of a delivery in its own `process` span, when tracing is on.
    this.runAdmitted = traceAdmitted(this.runAdmitted.bind(this), options.queue);
  }

  /** Stops the job if it runs here (its thread is ended); true if it did. */
  cancel(jobId: string): boolean {
    const control = this.running.get(jobId.toLowerCase());
    control?.cancel();
    return control !== undefined;
  }

  /** Starts consuming the queue, or all its lanes (idempotent). */
  start(): void {
    this.subscriptions ??= consumeLanes(this.deps.consumer, this.options, {
      handler: (message, queue) => this.handle(message, queue),
      onGraceExpired: () => this.abort.abort(new Error('The worker is shutting down.')),
    });
  }

  /**
   * Stops taking commands from every lane (those delivered still run), or takes them again; the
   * commands of `parked` types taken meanwhile go back, unclaimed, through a delay stage.
   */
  async hold(paused: boolean, parked: ReadonlySet<string> = new Set()): Promise<void> {
    this.parked = parked;
    await Promise.all((this.subscriptions ?? []).map((s) => (paused ? s.pause() : s.resume())));
  }

  /** Job slots (running at once) and how many of them are taken. */
  usage(): { readonly slots: number; readonly inFlight: number } {
    return { slots: this.slots.size, inFlight: this.slots.inUse };
  }

  /**
   * Stops consuming, waits for running jobs up to `graceMs`, then aborts them (they are
   * requeued). Jobs delivered but not started start no more: one waiting for a slot goes back
   * to the queue at once, a batch message's once its running members are over.
   */
  async stop(graceMs?: number): Promise<void> {
    this.stopping = true;
    this.slotsOf.close();
    if (this.running.size > 0) this.logger.warn(waitingFor([...this.running.keys()], graceMs));
    await Promise.all((this.subscriptions ?? []).map((s) => s.stop(graceMs)));
    this.starts.releaseAll();
    this.guard.close();
  }

  /**
   * Handles one delivery (one command, or a batch of them); exposed for tests and transports.
   * A requeued command is admitted as the user who first published it, not as the platform.
   */
  async handle(delivery: InboundMessage, queue = this.options.queue): Promise<HandlerOutcome> {
    const message = asActingUser(delivery, this.options.admission?.authorizer);
    if (!isBatchContentType(message.properties.contentType))
      return this.runAdmitted(message, admitCommand(message, this.options.admission));
    const gate = this.batches.of(queue);
    const admitted = await gate.open(() => admitCommands(message, this.options.admission));
    if (!admitted.ok) return this.refuse(message, admitted);
    return settleBatch(
      admitted.members,
      (member) => gate.settle(this.runAdmitted(message, member)),
      (member, outcome) => this.deadLetterMember(message, member, outcome, queue),
    );
  }

  /** Runs one admitted command of a delivery, or refuses it. */
  private async runAdmitted(
    message: InboundMessage,
    admitted: CommandAdmission,
  ): Promise<HandlerOutcome> {
    if (!admitted.ok) return this.refuse(message, admitted);
    const { command, jobType } = admitted;
    const handler = this.options.handlers[jobType];
    if (!handler) return this.refuse(message, noHandlerRefusal(command, jobType));
    const redelivered = takesOver(message);
    // A backlog lane's job waits behind its priority's others (README, "Fair sharing").
    const slot = {
      wait: waitsForSlot(message, redelivered, this.options),
      rank: slotRank(priorityOf(command.data), isBacklogRoutingKey(message.routingKey)),
    };
    return this.replies.around(command.id, replyRouteOf(message.properties), () =>
      this.runJob(command, jobType, handler, redelivered, slot),
    );
  }

  /** A refused delivery: a job.rejected reply if asked for, job.failed if it may act, the DLQ. */
  private refuse(message: InboundMessage, refusal: CommandRefusal): Promise<HandlerOutcome> {
    return settleAdmissionRefusal(message, refusal, this.refusalDeps);
  }

  /** A batch member's own copy in the dead-letter queue. */
  private async deadLetterMember(
    message: InboundMessage,
    member: CommandAdmission,
    outcome: MemberDeadLetter,
    queue: string,
  ): Promise<void> {
    const target = { exchange: this.deps.deadLetterExchange, queue };
    await this.deps.publisher.publish(memberDeadLetterCopy(message, member, target, outcome));
  }

  /**
   * Runs the job in one of the runner's slots (waiting for one, by rank, if all are taken and
   * `wait`). The slot is for the handler's work: it is freed when the attempt ends, while the
   * outcome is still being recorded and confirmed, so a short job's next one need not wait on
   * those windows. The delivery stays unacknowledged until then; the prefetch and the batch
   * gates bound how many wait so.
   */
  private async runJob(
    command: JobCommand,
    jobType: JobType,
    handler: JobHandler,
    redelivered: boolean,
    slot: { readonly wait: boolean; readonly rank: number },
  ): Promise<HandlerOutcome> {
    if (this.stopping) return SHUTTING_DOWN;
    const leave = await this.slotsOf.enter(jobType, slot.rank, slot.wait);
    if (!leave) return SHUTTING_DOWN;
    try {
      // Got its slot once the worker began to stop, or past the grace: leave the job to the next worker.
      if (this.stopping || this.abort.signal.aborted) return SHUTTING_DOWN;
      return await this.runInSlot(command, jobType, handler, redelivered, leave);
    } finally {
      leave();
    }
  }

  private async runInSlot(
    command: JobCommand,
    jobType: JobType,
    handler: JobHandler,
    redelivered: boolean,
    leave: () => void,
  ): Promise<HandlerOutcome> {
    const admission = await this.admit(command, jobType, redelivered);
    if (admission.kind === 'settled') {
      if (admission.decided) await this.replies.answerDecided(command.id, admission.decided);
      return admission.outcome;
    }
    if (admission.kind === 'refused')
      return settleClaimRefusal(admission, command, jobType, this.refusalDeps);
    const timeouts = timeoutsFor(this.options.timeouts, jobType);
    const control = new JobControl(this.abort.signal, timeouts);
    this.running.set(command.subject.toLowerCase(), control);
    this.observer.jobStarted(jobType, Math.max(0, Date.now() - Date.parse(command.time)) / 1_000);
    const { source, workerId } = this.options;
    const start = this.starts.hold(
      eventFor(command, 'started', { jobType, worker: workerId }, source),
    );
    try {
      const outcome = await runAttempt(
        this.attemptDeps,
        { command, jobType, handler },
        control,
        start,
      );
      leave();
      // Ended within the hold: the start now waits for the outcome, however long recording it takes.
      start.keep();
      if (control.stopReason === 'cancelled')
        return await this.cancelled(command, jobType, control, start);
      if (control.stopReason === 'timeout') {
        const error = control.timeoutError(timeouts);
        return await this.conclude(command, jobType, { status: 'failed', error }, control, start);
      }
      if (this.abort.signal.aborted) {
        await start.release();
        await this.guard.release(admission.lease);
        return SHUTTING_DOWN;
      }
      return await this.conclude(command, jobType, outcome, control, start);
    } finally {
      // Whatever ended the attempt, its start is not held past it.
      void start.release();
      control.dispose();
      this.running.delete(command.subject.toLowerCase());
    }
  }

  /**
   * Claims the job in the inbox; a job of a parked type, or one the unreachable database cannot
   * claim, comes back after a delay instead.
   */
  private async admit(
    command: JobCommand,
    jobType: JobType,
    redelivered: boolean,
  ): Promise<Admission> {
    try {
      if (!this.parked.has(jobType)) return await this.guard.admit(command, redelivered);
    } catch (error) {
      this.logger.warn(`Cannot claim job ${command.subject}: ${describeError(error)}; deferred.`);
    }
    await this.deps.publisher.publish(
      laneDelayStageRequest(this.options, this.replies, command, 5_000, redelivered),
    );
    return { kind: 'settled', outcome: ACK };
  }

  /** A cancelled attempt: its one outcome is the cancellation (recorded by whoever asked). */
  private async cancelled(
    command: JobCommand,
    jobType: JobType,
    control: JobControl,
    start: HeldStart,
  ): Promise<HandlerOutcome> {
    const reason = 'Cancelled while running.';
    const counted = await this.guard.finish(
      'cancelled',
      eventFor(command, 'cancelled', { jobType, reason }, this.options.source),
      start,
    );
    this.observer.jobEnded(jobType, counted ? 'cancelled' : 'superseded', control.elapsedSeconds());
    return ACK;
  }

  private async conclude(
    command: JobCommand,
    jobType: JobType,
    outcome: JobOutcome,
    control: JobControl,
    start: HeldStart,
  ): Promise<HandlerOutcome> {
    const { source } = this.options;
    if (outcome.status === 'succeeded') {
      const event = eventFor(command, 'succeeded', { jobType, result: outcome.result }, source);
      const counted = await this.guard.finish('succeeded', event, start);
      const ended = counted ? 'succeeded' : 'superseded';
      this.observer.jobEnded(jobType, ended, control.elapsedSeconds());
      return ACK;
    }
    const { error } = outcome;
    const maxAttempts =
      command.data.maxAttempts ?? this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (isRetryable(error) && command.attempt < maxAttempts) {
      await this.retry(command, jobType, error, start);
      this.observer.jobEnded(jobType, 'retried', control.elapsedSeconds());
      return ACK;
    }
    const counted = await this.guard.finish(
      'failed',
      eventFor(command, 'failed', { jobType, error }, source),
      start,
    );
    this.observer.jobEnded(jobType, counted ? 'failed' : 'superseded', control.elapsedSeconds());
    // Another outcome came first (a cancellation, or a duplicate's): nothing to dead-letter.
    if (!counted) return ACK;
    // The job is over; its command goes to the dead-letter queue with the reason, for inspection.
    return {
      kind: 'dead-letter',
      code: error.code,
      reason: error.message,
      attempts: command.attempt,
    };
  }

  /** Publishes job.retrying and the next attempt into a delay stage of its lane. */
  private async retry(
    command: JobCommand,
    jobType: JobType,
    error: JobError,
    start: HeldStart,
  ): Promise<void> {
    const { retrying, next } = retryOf(this.options, this.replies, { command, jobType, error });
    await Promise.all([
      start.release(),
      this.deps.events.publish(retrying),
      this.deps.publisher.publish(next),
    ]);
    await this.guard.retried(command);
  }
}

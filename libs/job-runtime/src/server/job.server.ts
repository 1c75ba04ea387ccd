import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { JOB_TYPES, type JobType } from '@jobmill/contracts';
import {
  defaultLogger,
  topicMatches,
  type Transport,
  type TransportLogger,
} from '@jobmill/transport';
import { ControlSubscriber } from '../cancellation/control.subscriber';
import { DuplicateJobHandlerError } from '../errors/duplicate-job-handler.error';
import { NoJobHandlersError } from '../errors/no-job-handlers.error';
import { JOB_TYPE_EXTRA, type JobHandler } from '../handler/job-handler.decorator';
import type { JobOutcome } from '../handler/job-handler.types';
import type { JobCommandRunner } from '../runner/job-command.runner';
import { JobCommandRunnerFactory } from '../runner/job-command-runner.factory';
import type { JobRunnerOptions } from '../runner/job-runner.types';
import { JobRpcContext } from './job-rpc.context';

/** How a JobServer consumes: a runner's options; its handlers are found by decorator. */
export interface JobServerOptions extends Omit<JobRunnerOptions, 'handlers'> {
  /** The command routing patterns its queue is bound with (`detection.*`): its job types. */
  readonly routes: readonly string[];
  /** How long `close` lets running jobs finish before they are aborted (and requeued). */
  readonly shutdownGraceMs?: number;
}

/**
 * The worker side of a queue as a @nestjs/microservices custom transport strategy: `listen`
 * starts a JobCommandRunner on the queue and dispatches each admitted command to the
 * @JobHandler of its job type, which Nest registered here as it registers any @EventPattern.
 * Underneath, unchanged: ack only once the outcome is recorded, confirmed persistent publishes,
 * leases, delay-stage retries, dead-letters, timeouts, progress and cancellation. One server per
 * worker queue; several can share a process (embedded mode), each taking the handlers of the
 * job types routed to its queue.
 */
export class JobServer
  extends Server
  implements CustomTransportStrategy, BeforeApplicationShutdown
{
  private readonly log: TransportLogger;
  private runner: JobCommandRunner | undefined;
  private control: ControlSubscriber | undefined;
  private closing: Promise<void> | undefined;
  private held = false;
  private parkedKey = '';
  private pausedTypes: ReadonlySet<string> = new Set();

  constructor(
    private readonly transport: Transport,
    private readonly options: JobServerOptions,
  ) {
    super();
    this.log = transport.options.logger ?? defaultLogger(`JobServer(${options.queue})`);
  }

  /** Takes the @JobHandler of a job type routed to its queue; ignores every other handler. */
  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    const jobType = extras[JOB_TYPE_EXTRA];
    if (!isEventHandler || typeof jobType !== 'string' || !this.routes(jobType)) return;
    if (this.messageHandlers.has(jobType))
      throw new DuplicateJobHandlerError(jobType, this.options.queue);
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  /** Starts consuming the queue, and hearing cancellations, with the handlers registered. */
  listen(callback: (error?: unknown) => void): void {
    try {
      this.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** Stops consuming; running jobs get the grace period, then are aborted and requeued. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  /** Drains while the app shuts down, before the HTTP server and the connection close. */
  beforeApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** It emits no events of its own: the transport's connection is the thing to watch. */
  on(): never {
    throw new Error('JobServer has no events; watch the Transport instead.');
  }

  /** The job types it serves: those routed to its queue (known before `listen`). */
  jobTypes(): JobType[] {
    return JOB_TYPES.filter((t) => this.routes(t));
  }

  /**
   * Obeys the paused job types: while every type it serves is in `paused` it stops consuming
   * its queue (every priority lane); while only some are, it keeps consuming for the others and
   * sends the paused types' commands back, unclaimed, through a delay stage (they stay QUEUED).
   * Before `listen`, it starts that way. Running jobs carry on either way.
   */
  async holdFor(paused: ReadonlySet<string>): Promise<void> {
    this.pausedTypes = paused;
    await this.applyHold();
  }

  /** Whether `holdFor` has paused it. */
  isPaused(): boolean {
    return this.held;
  }

  /** Job slots and how many are taken. */
  usage(): { readonly slots: number; readonly inFlight: number } {
    const { concurrency, prefetch } = this.options;
    return this.runner?.usage() ?? { slots: concurrency ?? prefetch, inFlight: 0 };
  }

  /** The runner underneath (after `listen`). */
  unwrap<T>(): T {
    if (!this.runner) throw new Error('JobServer is not listening.');
    return this.runner as T;
  }

  private start(): void {
    if (this.runner) return;
    const { queue, routes: _routes, shutdownGraceMs: _grace, ...runnerOptions } = this.options;
    const handlers = this.jobHandlers();
    const runner = new JobCommandRunnerFactory(this.transport).create({
      ...runnerOptions,
      queue,
      handlers,
    });
    this.control = new ControlSubscriber(
      this.transport.connection,
      this.transport.names.control,
      (request) => {
        if (runner.cancel(request.jobId)) this.log.log(`Cancelled running job ${request.jobId}.`);
      },
      this.log,
    );
    this.runner = runner;
    this.control.start();
    runner.start();
    this.applyHold().catch((error: unknown) => this.log.warn(`Cannot pause: ${String(error)}`));
  }

  private async applyHold(): Promise<void> {
    if (!this.runner || this.closing) return;
    const served = this.jobTypes();
    const parked = new Set(served.filter((t) => this.pausedTypes.has(t)));
    const hold = parked.size > 0 && parked.size === served.length;
    const parkedKey = [...parked].sort().join(', ');
    if (hold === this.held && parkedKey === this.parkedKey) return;
    const changed = hold !== this.held;
    this.held = hold;
    this.parkedKey = parkedKey;
    // Its first step, synchronous, marks the consumers paused: none consumes after start().
    await this.runner.hold(hold, parked);
    if (changed) this.log.log(`${hold ? 'Paused' : 'Resumed'} consuming ${this.options.queue}.`);
    else if (parkedKey) this.log.log(`Setting aside the commands of ${parkedKey} (paused).`);
  }

  private async stop(): Promise<void> {
    await this.runner?.stop(this.options.shutdownGraceMs);
    await this.control?.stop();
  }

  /** The registered handlers as the runner calls them; warns of routed types left without one. */
  private jobHandlers(): Partial<Record<JobType, JobHandler>> {
    if (this.messageHandlers.size === 0) throw new NoJobHandlersError(this.options.queue);
    const unserved = JOB_TYPES.filter((t) => this.routes(t) && !this.messageHandlers.has(t));
    if (unserved.length > 0)
      this.log.warn(`No @JobHandler for ${unserved.join(', ')}: such jobs fail as UNKNOWN_TYPE.`);
    return Object.fromEntries(
      [...this.messageHandlers].map(([jobType, handler]) => [jobType, this.dispatchTo(handler)]),
    );
  }

  /** Calls the Nest handler (pipes, guards, interceptors, filters included) with the context. */
  private dispatchTo(handler: MessageHandler): JobHandler {
    return {
      run: async (ctx) => {
        const result: unknown = await handler(ctx, new JobRpcContext([ctx.jobType, ctx.command]));
        return (isObservable(result) ? await lastValueFrom(result) : result) as JobOutcome;
      },
    };
  }

  private routes(jobType: string): boolean {
    return this.options.routes.some((pattern) => topicMatches(pattern, jobType));
  }
}

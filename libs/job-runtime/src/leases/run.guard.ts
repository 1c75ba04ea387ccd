import {
  UUID_PATTERN,
  type JobCommand,
  type JobEvent,
  type RunLease,
  type RunOutcome,
  type RunRefusal,
} from '@jobmill/contracts';
import {
  ACK,
  describeError,
  type EventPublisher,
  type HandlerOutcome,
  type InboundMessage,
  type TransportLogger,
} from '@jobmill/transport';
import type { JobRunRegistry } from './job-run-registry.port';
import type { HeldStart } from '../progress/started-event.hold';

/** Default lease of a running job; heartbeats renew it three times per lease. */
export const DEFAULT_LEASE_MS = 30_000;

/** Marks a copy the runner deferred: it stands for a redelivery and may take the job over. */
export const TAKEOVER_HEADER = 'x-jobmill-takeover';

/**
 * Whether a delivery may take a job over from a live lease: the broker redelivered it (its last
 * holder's channel is gone), or it is the deferred copy of such a redelivery.
 */
export const takesOver = (message: InboundMessage): boolean =>
  message.redelivered || message.properties.headers[TAKEOVER_HEADER] === true;

/** Whether a delivery may run, how it is already settled, or why its command is refused. */
export type Admission =
  | { readonly kind: 'run'; readonly lease?: RunLease }
  | {
      readonly kind: 'settled';
      readonly outcome: HandlerOutcome;
      /** The job's recorded terminal event, when it was decided before this delivery. */
      readonly decided?: JobEvent;
    }
  | RunRefusal;

/**
 * A recorded outcome as announced for `current` (the event of the command at hand): the API
 * records a cancellation without knowing the command, so it goes out once, here, in the
 * command's name (its correlation and causation ids: its reply_to gets it). Outcomes recorded
 * by a run carry their command already and stay as they are.
 */
function inNameOf(recorded: JobEvent, current: Pick<JobEvent, 'correlationid' | 'causationid'>) {
  if (recorded.causationid) return recorded;
  return { ...recorded, correlationid: current.correlationid, causationid: current.causationid };
}

/** The upload a command's job reads (`data.input.uploadId`), if it names one. */
function uploadOf(command: JobCommand): string | undefined {
  const input = (command.data as { input?: { uploadId?: unknown } }).input;
  const id = input?.uploadId;
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : undefined;
}

/**
 * Puts the runner in front of the durable inbox: admits a delivery only if the job has no
 * outcome yet and nobody else holds it, keeps the leases alive, and makes the terminal event
 * the one recorded (a redelivery republishes it with the same id; the projection dedups).
 * Without a registry it admits everything (at-least-once, as before).
 */
export class RunGuard {
  private readonly held = new Map<string, RunLease>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: JobRunRegistry | undefined,
    private readonly events: EventPublisher,
    private readonly worker: string,
    private readonly logger: TransportLogger,
    private readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  /** Claims the job for this delivery; a job decided earlier gets its outcome republished. */
  async admit(command: JobCommand, redelivered: boolean): Promise<Admission> {
    if (!this.registry) return { kind: 'run' };
    const uploadId = uploadOf(command);
    const claim = await this.registry.claim({
      jobId: command.subject,
      tenant: command.tenant,
      attempt: command.attempt,
      messageId: command.id,
      worker: this.worker,
      leaseMs: this.leaseMs,
      takeOver: redelivered,
      ...(uploadId === undefined ? {} : { uploadId }),
    });
    if (claim.kind === 'refused') return claim;
    if (claim.kind === 'decided') {
      // Cancelled before it started, or finished before a crash lost the ack: same events again.
      // A short job's start went out with its outcome, after the record, so it may be the one
      // the broker never confirmed.
      const event = inNameOf(claim.event, { ...command, causationid: command.id });
      await Promise.all([
        claim.started && this.events.publish(claim.started),
        this.events.publish(event),
      ]);
      return { kind: 'settled', outcome: ACK, decided: event };
    }
    // A live holder still has its own delivery unacked: if it dies, the broker redelivers that.
    if (claim.kind !== 'run') return { kind: 'settled', outcome: ACK };
    const lease = { jobId: command.subject, fence: claim.fence };
    this.held.set(lease.jobId, lease);
    this.timer ??= setInterval(() => void this.beat(), Math.max(50, this.leaseMs / 3));
    return { kind: 'run', lease };
  }

  /**
   * Makes `event` the job's outcome and publishes it; if the job already had one (cancelled
   * meanwhile, or a duplicate finished first), publishes that instead. True if ours counted.
   * The attempt's held start goes out just before, in the same publish window, and is recorded
   * with the outcome, so a redelivery can publish it again.
   */
  async finish(name: RunOutcome, event: JobEvent, start?: HeldStart): Promise<boolean> {
    // Without a registry there is nothing to decide against: ours is the outcome.
    const decision = await this.registry?.decide(event.subject, name, event, start?.event);
    this.forget(event.subject);
    const outcome = !decision || decision.recorded ? event : inNameOf(decision.event, event);
    await Promise.all([start?.release(), this.events.publish(outcome)]);
    return decision?.recorded ?? true;
  }

  /** The attempt ended with its retry published: later copies of it are ignored. */
  async retried(command: JobCommand): Promise<void> {
    this.forget(command.subject);
    // Best effort: if it is lost, a redelivered old copy runs again and its duplicate next
    // attempt still ends in the job's one recorded outcome.
    await this.registry?.markRetried(command.subject, command.attempt).catch((error: unknown) => {
      this.logger.warn(`Cannot mark ${command.subject} as retried: ${describeError(error)}`);
    });
  }

  /** Gives the job back (its message is requeued), so the next worker need not wait. */
  async release(lease: RunLease | undefined): Promise<void> {
    if (!lease) return;
    this.forget(lease.jobId);
    await this.registry?.release(lease).catch((error: unknown) => {
      this.logger.warn(`Cannot release the lease of ${lease.jobId}: ${describeError(error)}`);
    });
  }

  /** Stops heartbeating (the runner stopped). */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private forget(jobId: string): void {
    this.held.delete(jobId);
    if (this.held.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    try {
      await this.registry?.heartbeat([...this.held.values()], this.leaseMs);
    } catch (error) {
      this.logger.warn(`Lease heartbeat failed: ${describeError(error)}`);
    }
  }
}

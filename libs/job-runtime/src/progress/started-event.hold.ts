import type { JobEvent } from '@jobmill/contracts';
import type { EventPublisher } from '@jobmill/transport';

/** How long a job.started waits for its job's outcome before it goes out alone. */
export const DEFAULT_STARTED_HOLD_MS = 20;

/** One attempt's job.started, held back until `release()` or the end of the hold. */
export interface HeldStart {
  /** The job.started itself: recorded with the attempt's outcome. */
  readonly event: JobEvent;
  /** Publishes the event now if it is still held; resolves with its confirm. Idempotent. */
  release(): Promise<void>;
  /**
   * The job's handler has returned: the start, if still held, waits for the outcome's
   * `release()` instead of the end of the hold. Recording the outcome can outlast the hold under
   * load, and the start should still travel with it.
   */
  keep(): void;
}

class HeldStartEvent implements HeldStart {
  private published: Promise<void> | undefined;

  constructor(
    private readonly hold: StartedEventHold,
    readonly event: JobEvent,
    readonly dueAt: number,
  ) {}

  release(): Promise<void> {
    if (!this.published) {
      this.hold.forget(this);
      this.published = this.hold.publish(this.event);
      // Whoever awaits the release sees a failure; an unawaited one must not crash the process.
      this.published.catch(() => undefined);
    }
    return this.published;
  }

  keep(): void {
    if (!this.published) this.hold.forget(this);
  }
}

/**
 * Holds each attempt's job.started for up to `holdMs`. A job that ends sooner (most short jobs)
 * releases it just before its outcome, into the same publish window: status then folds both
 * into one write of the job's row instead of two, and that row's updates (five indexes, never
 * HOT) are PostgreSQL's largest cost per job. A longer job's start goes out when the hold ends
 * or at its first progress, whichever comes first. `holdMs` 0 publishes at once. A start whose
 * handler returned within the hold is kept (`keep()`) until its outcome goes out, even when
 * recording the outcome takes longer than the hold (a busy database): the job has run, and showing
 * it RUNNING meanwhile would cost a second write of its row for a state already over.
 *
 * One timer for all held events: they share one hold, so they fall due in the order they came.
 */
export class StartedEventHold {
  private readonly held = new Set<HeldStartEvent>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly events: EventPublisher,
    private readonly holdMs = DEFAULT_STARTED_HOLD_MS,
  ) {}

  /** Holds `event` (a job.started); publishes it at once when there is no hold. */
  hold(event: JobEvent): HeldStart {
    const held = new HeldStartEvent(this, event, performance.now() + this.holdMs);
    if (this.holdMs <= 0) {
      void held.release();
      return held;
    }
    this.held.add(held);
    this.timer ??= setTimeout(() => this.releaseDue(), this.holdMs);
    return held;
  }

  /** Publishes everything still held (the runner stops). */
  releaseAll(): void {
    for (const held of [...this.held]) void held.release();
  }

  /** @internal */
  publish(event: JobEvent): Promise<void> {
    return this.events.publish(event);
  }

  /** @internal */
  forget(held: HeldStartEvent): void {
    this.held.delete(held);
  }

  private releaseDue(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const held of this.held) {
      if (held.dueAt > now) {
        this.timer = setTimeout(() => this.releaseDue(), Math.max(1, held.dueAt - now));
        return;
      }
      void held.release();
    }
  }
}

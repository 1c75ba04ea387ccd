import { setMaxListeners } from 'node:events';
import type { JobError } from '@jobmill/contracts';
import { JobCancelledError } from '../errors/job-cancelled.error';
import { JobTimeoutError } from '../errors/job-timeout.error';
import type { JobTimeouts } from '../timeouts/job-timeouts.policy';

/**
 * The worker's shutdown signal, which every running attempt's JobControl listens on: as many
 * listeners as job slots, by design, so Node's warning past 10 ("possible memory leak") is off.
 */
export function shutdownController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Why a running attempt was stopped from outside its handler. */
export type StopReason = 'cancelled' | 'timeout';

/**
 * The controls of one running attempt: a signal that aborts on shutdown, cancellation or the
 * soft time limit (aborting a TaskPool run ends its thread), and a hard deadline after which
 * the runner stops waiting for the handler.
 */
export class JobControl {
  private controller: AbortController | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private reason: StopReason | undefined;
  private stopError: Error | undefined;
  private disposed = false;
  private readonly hard: Promise<'hard-timeout'>;
  /** When the attempt began (performance.now()), for its duration. */
  private readonly startedAt = performance.now();

  // A listener on the long-lived shutdown signal, removed in dispose(), rather than
  // AbortSignal.any: on Node 20 every any() leaves a WeakRef in the source signal's set of
  // dependants for good, one per job (65,000 after a minute at 1,000 jobs/s).
  private readonly onShutdown = (): void => this.controller?.abort(this.shutdown.reason);

  constructor(
    private readonly shutdown: AbortSignal,
    timeouts: JobTimeouts,
  ) {
    this.timers.push(
      setTimeout(
        () => this.stop('timeout', new JobTimeoutError(`Soft time limit of ${timeouts.softMs} ms`)),
        timeouts.softMs,
      ),
    );
    this.hard = new Promise((resolve) => {
      this.timers.push(
        setTimeout(() => {
          this.stop('timeout', new JobTimeoutError(`Hard time limit of ${timeouts.hardMs} ms`));
          resolve('hard-timeout');
        }, timeouts.hardMs),
      );
    });
  }

  /**
   * Aborts on shutdown, cancellation or the soft time limit, with the first of them as its
   * reason. Made when a handler first asks for it: a short job's handler seldom does, and a
   * controller and a shutdown listener for every job were a few per cent of a worker's time.
   */
  get signal(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    if (this.stopError) controller.abort(this.stopError);
    else if (this.shutdown.aborted) controller.abort(this.shutdown.reason);
    else if (!this.disposed)
      this.shutdown.addEventListener('abort', this.onShutdown, { once: true });
    return controller.signal;
  }

  /** Seconds since the attempt began. */
  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1_000;
  }

  /** Cancels the attempt (the control broadcast heard a cancel for this job). */
  cancel(): void {
    this.stop('cancelled', new JobCancelledError('The job was cancelled.'));
  }

  /** Why it was stopped, if it was. */
  get stopReason(): StopReason | undefined {
    return this.reason;
  }

  /** The handler's outcome, or 'hard-timeout' if the hard limit came first. */
  race<T>(work: Promise<T>): Promise<T | 'hard-timeout'> {
    return Promise.race([work, this.hard]);
  }

  /** The error a timed-out attempt fails with. */
  timeoutError(timeouts: JobTimeouts): JobError {
    return {
      code: 'TIMEOUT',
      message: `The job exceeded its time limit (soft ${timeouts.softMs} ms, hard ${timeouts.hardMs} ms).`,
      kind: 'timeout',
      retryable: true,
    };
  }

  /** Clears the timers and lets go of the shutdown signal. */
  dispose(): void {
    this.disposed = true;
    if (this.controller) this.shutdown.removeEventListener('abort', this.onShutdown);
    for (const timer of this.timers) clearTimeout(timer);
  }

  private stop(reason: StopReason, error: Error): void {
    if (this.reason) return;
    this.reason = reason;
    // A shutdown before it keeps its reason on the signal, as if the signal had been made then.
    if (!this.controller && this.shutdown.aborted) void this.signal;
    this.stopError = error;
    this.controller?.abort(error);
  }
}

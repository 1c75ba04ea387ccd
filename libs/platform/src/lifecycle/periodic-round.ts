/** Where a failed round is reported: Nest's Logger fits. */
export interface RoundLogger {
  warn(message: string): void;
}

/** What a periodic round does and how often. */
export interface PeriodicRoundOptions<T> {
  /** One round of work; a rejection is logged and the next round comes after `intervalMs`. */
  readonly run: () => Promise<T>;
  readonly intervalMs: number;
  /** Before the first round (default: `intervalMs`). */
  readonly firstDelayMs?: number;
  /** The pause after a round that returned `result` (default `intervalMs`): 0 goes on at once. */
  readonly nextDelayMs?: (result: T) => number;
  /** Says what failed, e.g. `Dispatching due jobs failed`; the error's message follows. */
  readonly failure: string;
  readonly logger: RoundLogger;
}

/**
 * A background loop of rounds that never overlap: each is scheduled when the previous one has
 * settled (on an unref'd timer, so it never keeps a process alive). `stop()` cancels the next
 * round and waits for the running one: what shutdown hooks need before closing connections.
 */
export class PeriodicRound<T> {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();
  private halted = false;

  constructor(private readonly options: PeriodicRoundOptions<T>) {}

  /** Whether stop() was called: a long round checks it between pages and returns early. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    this.schedule(this.options.firstDelayMs ?? this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.halted) return;
    this.timer = setTimeout(() => {
      this.round = this.runOnce().then((delay) => this.schedule(delay));
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<number> {
    const { run, intervalMs, nextDelayMs, failure, logger } = this.options;
    try {
      const result = await run();
      return nextDelayMs ? nextDelayMs(result) : intervalMs;
    } catch (error) {
      logger.warn(`${failure}: ${(error as Error).message}`);
      return intervalMs;
    }
  }
}

import type { QueueBacklogStore } from '@jobmill/persistence';
import { queueFull, type LimitRefusal } from './limit-refusal';
import { queueLimitOf, type QueueLimits } from './queue-limits.config';

/** How old a backlog count may be: one statement per type a second, whatever the load. */
const COUNT_MAX_AGE_MS = 1_000;

interface Reading {
  readonly at: number;
  readonly queued: Promise<number>;
  /** Jobs this process let through since the count was read. */
  admitted: number;
}

/** How many of the jobs asked for fit under the type's limit, and why the rest do not. */
export interface BacklogAdmission {
  readonly admitted: number;
  readonly refusal?: LimitRefusal;
}

/**
 * Backpressure: QUEUE_LIMITS bounds each job type's backlog (its QUEUED jobs in the read model).
 * The count is read at most once a second per type and process, plus what this process let
 * through since, so a refusal costs no statement and a burst passes the limit only by what the
 * other processes admit in that second. Types without a limit cost nothing.
 */
export class QueueBacklogGauge {
  private readonly readings = new Map<string, Reading>();

  constructor(
    private readonly backlog: QueueBacklogStore,
    private readonly limits: QueueLimits,
  ) {}

  /** Whether any type has a limit (else admitting never needs the gauge). */
  get limited(): boolean {
    return this.limits.fallback > 0 || this.limits.byType.size > 0;
  }

  /**
   * Admits `jobs` more jobs of the type, or as many as fit when not `whole` (a batch submitted
   * together is all or nothing), counting those it admits against the backlog.
   */
  async admit(type: string, jobs: number, whole: boolean): Promise<BacklogAdmission> {
    const limit = queueLimitOf(this.limits, type);
    if (limit === 0) return { admitted: jobs };
    const reading = this.reading(type, limit);
    const queued = (await reading.queued) + reading.admitted;
    const room = Math.max(0, limit - queued);
    const admitted = whole ? (jobs <= room ? jobs : 0) : Math.min(jobs, room);
    reading.admitted += admitted;
    return admitted === jobs ? { admitted } : { admitted, refusal: queueFull(type, queued, limit) };
  }

  /** Jobs it admitted that were refused after all (by another limit): they wait nowhere. */
  giveBack(type: string, jobs: number): void {
    const reading = this.readings.get(type);
    if (reading) reading.admitted = Math.max(0, reading.admitted - jobs);
  }

  private reading(type: string, limit: number): Reading {
    const now = Date.now();
    const cached = this.readings.get(type);
    if (cached && now - cached.at < COUNT_MAX_AGE_MS) return cached;
    const reading: Reading = { at: now, queued: this.backlog.queued(type, limit + 1), admitted: 0 };
    // A failed count is not kept: the next submission asks again.
    reading.queued.catch(() => {
      if (this.readings.get(type) === reading) this.readings.delete(type);
    });
    this.readings.set(type, reading);
    return reading;
  }
}

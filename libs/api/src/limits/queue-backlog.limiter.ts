import { Inject, Injectable } from '@nestjs/common';
import { QueueBacklogStore } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ProblemError } from '../problems/problem.error';
import { queueLimitOf } from './queue-limits.config';

/** How old a backlog count may be: one statement per type a second, whatever the load. */
const COUNT_MAX_AGE_MS = 1_000;
/** How long a refused client waits: about the time a backlog takes to move. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Backpressure: past QUEUE_LIMITS QUEUED jobs of a type, submissions of that type are answered
 * 503 with Retry-After instead of growing the backlog without bound. The backlog is read from
 * the read model, at most once a second per type and API process, so the refusal is a cheap one
 * and the API stays responsive under load. Types without a limit cost nothing.
 */
@Injectable()
export class QueueBacklogLimiter {
  private readonly counts = new Map<string, { at: number; queued: Promise<number> }>();

  constructor(
    private readonly backlog: QueueBacklogStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Throws 503 QUEUE_FULL if these jobs (types, one entry per job) would pass a type's limit. */
  async admit(types: readonly string[]): Promise<void> {
    const asked = new Map<string, number>();
    for (const type of types) asked.set(type, (asked.get(type) ?? 0) + 1);
    for (const [type, jobs] of asked) {
      const limit = queueLimitOf(this.config.queueLimits, type);
      if (limit === 0) continue;
      const queued = await this.queued(type, limit);
      if (queued + jobs > limit) throw queueFull(type, queued, limit);
    }
  }

  private queued(type: string, limit: number): Promise<number> {
    const now = Date.now();
    const cached = this.counts.get(type);
    if (cached && now - cached.at < COUNT_MAX_AGE_MS) return cached.queued;
    const queued = this.backlog.queued(type, limit + 1);
    // A failed count is not kept: the next submission asks again.
    queued.catch(() => this.counts.delete(type));
    this.counts.set(type, { at: now, queued });
    return queued;
  }
}

const queueFull = (type: string, queued: number, limit: number): ProblemError =>
  new ProblemError(
    503,
    'QUEUE_FULL',
    'Queue full',
    `${queued >= limit ? `${limit} or more` : queued} ${type} jobs are queued (QUEUE_LIMITS ${type}: ${limit}); nothing was accepted, retry after ${RETRY_AFTER_SECONDS} s.`,
    [],
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );

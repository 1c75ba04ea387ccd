import { Inject, Injectable } from '@nestjs/common';
import { QueueBacklogGauge } from '@jobmill/limits';
import { QueueBacklogStore } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { limitProblem } from './limit.problem';

/**
 * Backpressure over REST: past QUEUE_LIMITS QUEUED jobs of a type, submissions of that type are
 * answered 503 with Retry-After instead of growing the backlog without bound (QueueBacklogGauge:
 * a cheap refusal, so the API stays responsive under load).
 */
@Injectable()
export class QueueBacklogLimiter {
  private readonly gauge: QueueBacklogGauge;

  constructor(backlog: QueueBacklogStore, @Inject(API_CONFIG) config: ApiConfig) {
    this.gauge = new QueueBacklogGauge(backlog, config.queueLimits);
  }

  /** Throws 503 QUEUE_FULL if these jobs (types, one entry per job) would pass a type's limit. */
  async admit(types: readonly string[]): Promise<void> {
    const asked = new Map<string, number>();
    for (const type of types) asked.set(type, (asked.get(type) ?? 0) + 1);
    for (const [type, jobs] of asked) {
      const { refusal } = await this.gauge.admit(type, jobs, true);
      if (refusal) throw limitProblem(503, refusal, types.length);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { JobTimelineStore, JobTypePauseStore, type JobTypeRate } from '@jobmill/persistence';
import { QueueDepthProbe, Transport, type QueueDepth } from '@jobmill/transport';
import { jobTypeLanes, type JobTypeLane } from './job-type-lanes';

/** One lane of a job type's queue, as `GET /v1/admin/queues` shows it. */
export interface QueueItem extends JobTypeLane {
  /** Messages ready in the queue (of every type it holds), and its consumers. */
  readonly depth: number;
  readonly consumers: number;
  /** This job type is paused: its jobs wait (its queue is consumed only for types sharing it). */
  readonly paused: boolean;
}

/** The answer of `GET /v1/admin/queues`. */
export interface QueuesOverview {
  readonly items: QueueItem[];
  readonly deadLetters: { readonly queue: string; readonly depth: number };
  readonly rates: Record<string, JobTypeRate>;
}

/** The window of the rates, and how long one reading of them is reused. */
export const RATE_WINDOW_MINUTES = 5;
const RATES_MAX_AGE_MS = 5_000;

/**
 * The queues at a glance: depths and consumers from the broker (passive declares, cached 2 s),
 * pauses and rates from PostgreSQL (rates cached 5 s: a dashboard polls it).
 */
@Injectable()
export class QueuesHandler {
  private readonly lanes: JobTypeLane[];
  private readonly probe: QueueDepthProbe;
  private readonly deadLetterQueue: string;
  private rates: { at: number; value: Promise<Record<string, JobTypeRate>> } | undefined;

  constructor(
    transport: Transport,
    private readonly pauses: JobTypePauseStore,
    private readonly timeline: JobTimelineStore,
  ) {
    this.lanes = jobTypeLanes(transport.names);
    const queues = [...new Set(this.lanes.map((l) => l.queue)), transport.names.deadLetterQueue];
    this.probe = new QueueDepthProbe(transport.connection, queues);
    this.deadLetterQueue = transport.names.deadLetterQueue;
  }

  /** Every lane of every job type, the dead-letter queue and the rates of the last 5 minutes. */
  async overview(): Promise<QueuesOverview> {
    const types = [...new Set(this.lanes.map((l) => l.jobType))];
    const [depths, pauses, rates] = await Promise.all([
      this.probe.depths(),
      this.pauses.list(types),
      this.recentRates(),
    ]);
    const byQueue = new Map<string, QueueDepth>(depths.map((d) => [d.queue, d]));
    const paused = new Set(pauses.filter((p) => p.paused).map((p) => p.type));
    return {
      items: this.lanes.map((lane) => ({
        ...lane,
        depth: byQueue.get(lane.queue)?.messages ?? 0,
        consumers: byQueue.get(lane.queue)?.consumers ?? 0,
        paused: paused.has(lane.jobType),
      })),
      deadLetters: {
        queue: this.deadLetterQueue,
        depth: byQueue.get(this.deadLetterQueue)?.messages ?? 0,
      },
      rates,
    };
  }

  private recentRates(): Promise<Record<string, JobTypeRate>> {
    const now = Date.now();
    if (!this.rates || now - this.rates.at >= RATES_MAX_AGE_MS) {
      const value = this.timeline.rates(RATE_WINDOW_MINUTES);
      this.rates = { at: now, value };
      value.catch(() => (this.rates = undefined));
    }
    return this.rates.value;
  }
}

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { metrics } from '@jobmill/platform';
import {
  type CommitSnapshot,
  type FeedEvent,
  type FeedRead,
  JobEventFeedStore,
} from '@jobmill/persistence';
import { ProblemError } from '../problems/problem.error';
import { EVENT_STREAM_CONFIG, type EventStreamConfig } from './event-stream.config';

/** One open stream's part in the poll: a job's events, or all of a tenant's. */
export interface FeedListener {
  readonly tenant: string;
  /** Only this job's events; all of the tenant's without it. */
  readonly jobId?: string;
  /** Each poll's events for it (feed order), and the poll snapshot's xmin. */
  deliver(events: readonly FeedEvent[], horizon: bigint): void;
  /** The process is shutting down: end the stream (its client resumes elsewhere). */
  end(): void;
}

interface Arming {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The API process's one reader of new events, however many streams are open: every SSE_POLL_MS
 * one query reads what committed since the last poll's snapshot (commit order, so a transaction
 * that commits late is read late, never skipped) for the jobs and tenants being watched.
 * API processes share nothing: each polls PostgreSQL for itself. Idle when no stream is open.
 */
@Injectable()
export class EventFeedPoller implements OnModuleDestroy {
  private readonly logger = new Logger(EventFeedPoller.name);
  private readonly listeners = new Set<FeedListener>();
  private readonly arming = new Map<FeedListener, Arming>();
  private snapshot: CommitSnapshot | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private stopped = false;

  constructor(
    private readonly feed: JobEventFeedStore,
    @Inject(EVENT_STREAM_CONFIG) private readonly config: EventStreamConfig,
  ) {
    const open = () => this.size;
    metrics.gauge('event_streams_open', 'Open live event streams (SSE)', [], function () {
      this.set(open());
    });
  }

  /** Open streams. */
  get size(): number {
    return this.listeners.size;
  }

  /** Whether a poll is due or running (false once the last stream has gone). */
  get active(): boolean {
    return this.polling || this.timer !== undefined;
  }

  /**
   * Starts delivering to `listener`. Resolves (with the way to stop) once a poll has covered
   * it: from then on, everything that a snapshot taken now does not see reaches it.
   */
  async subscribe(listener: FeedListener): Promise<() => void> {
    if (this.stopped) throw shuttingDown();
    const armed = new Promise<void>((resolve, reject) => {
      this.arming.set(listener, { resolve, reject });
    });
    this.listeners.add(listener);
    this.pollSoon();
    await armed;
    return () => this.unsubscribe(listener);
  }

  /** Ends every open stream: the HTTP server's close would otherwise wait for them for good. */
  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const listener of [...this.listeners]) listener.end();
    this.listeners.clear();
  }

  private unsubscribe(listener: FeedListener): void {
    this.listeners.delete(listener);
    this.arming.delete(listener);
    if (this.listeners.size === 0 && !this.polling) this.idle();
  }

  private idle(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // The next stream starts from a fresh snapshot: nothing is kept for nobody.
    this.snapshot = null;
  }

  private pollSoon(): void {
    if (this.polling) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), 0);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.stopped || this.listeners.size === 0) return this.idle();
    this.polling = true;
    const round = [...this.listeners];
    try {
      const read = await this.feed.since(this.snapshot, interestOf(round));
      this.snapshot = read.snapshot;
      this.dispatch(round, read);
      for (const listener of round) this.settle(listener)?.resolve();
    } catch (error) {
      this.logger.warn(`Reading new events failed (retried): ${(error as Error).message}`);
      for (const listener of round) {
        const arming = this.settle(listener);
        if (!arming) continue;
        this.listeners.delete(listener);
        arming.reject(error);
      }
    } finally {
      this.polling = false;
      this.next();
    }
  }

  private next(): void {
    if (this.stopped) return;
    if (this.listeners.size === 0) return this.idle();
    // A stream that subscribed during the poll is not covered by it: poll again at once.
    const delay = this.arming.size > 0 ? 0 : this.config.pollMs;
    this.timer = setTimeout(() => void this.poll(), delay);
  }

  private settle(listener: FeedListener): Arming | undefined {
    const arming = this.arming.get(listener);
    this.arming.delete(listener);
    return arming;
  }

  private dispatch(round: readonly FeedListener[], read: FeedRead): void {
    const byJob = groupBy(read.events, (e) => e.jobId);
    const byTenant = groupBy(read.events, (e) => e.tenant);
    for (const listener of round) {
      if (!this.listeners.has(listener)) continue;
      const events = listener.jobId
        ? (byJob.get(listener.jobId) ?? []).filter((e) => e.tenant === listener.tenant)
        : (byTenant.get(listener.tenant) ?? []);
      try {
        listener.deliver(events, read.snapshot.xmin);
      } catch (error) {
        this.logger.error(`A stream failed to take its events: ${(error as Error).message}`);
      }
    }
  }
}

const shuttingDown = (): ProblemError =>
  new ProblemError(
    503,
    'SHUTTING_DOWN',
    'Service unavailable',
    'This API process is shutting down: retry (another one may answer).',
    [],
    { 'Retry-After': '1' },
  );

function interestOf(listeners: readonly FeedListener[]): { jobIds: string[]; tenants: string[] } {
  const jobIds = new Set<string>();
  const tenants = new Set<string>();
  for (const l of listeners) {
    if (l.jobId) jobIds.add(l.jobId);
    else tenants.add(l.tenant);
  }
  return { jobIds: [...jobIds], tenants: [...tenants] };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

import { PassThrough } from 'node:stream';
import { WEBHOOK_HISTORY_NAMES, type JobEventName } from '@jobmill/contracts';
import type { CommitSnapshot, FeedEvent, FeedPosition } from '@jobmill/persistence';
import type { EventFeedPoller } from './event-feed.poller';
import type { EventStreamConfig } from './event-stream.config';
import { OrderedRelease } from './ordered-release';
import { sseComment, sseMessage } from './sse-message';
import { SlowStreamClientError } from './slow-stream-client.error';

/** Part of what a stream replays before it goes live, and whether more follows. */
export interface ReplayPart {
  /** The snapshot that the replay reads as (null: no replay; every live event is new). */
  readonly snapshot: CommitSnapshot | null;
  /** In feed order, after the resume point. */
  readonly events: readonly FeedEvent[];
  readonly more: boolean;
}

/** What one stream shows: its replay, its share of the live feed, and when it ends. */
export interface StreamSource {
  readonly tenant: string;
  readonly jobId?: string;
  /** The replay after `after` (the resume point first, then the last event read) as `snapshot` saw it. */
  replay(after: FeedPosition | null, snapshot: CommitSnapshot | null): Promise<ReplayPart>;
  /** Whether a live event of the tenant (or job) belongs on the stream. */
  accepts(event: FeedEvent): boolean;
  /** Whether the stream is over once this is the last event the client has. */
  endsAfter(name: JobEventName): boolean;
}

// Webhook attempts are history entries recorded after a terminal state, possibly while a
// manual retry already runs: they say nothing of the job's state.
const isWebhookEntry = (name: string): boolean =>
  (WEBHOOK_HISTORY_NAMES as readonly string[]).includes(name);

/**
 * One client's Server-Sent Events: the replay (as one snapshot saw it), then every live event
 * that snapshot did not see, each once, in feed order. Frees everything when the client goes.
 */
export class EventStream {
  /** The response body. */
  readonly body = new PassThrough();
  private readonly held: OrderedRelease;
  private seen: CommitSnapshot | null = null;
  /** Live deliveries that came during the replay: held until it is written. */
  private early: Array<{ events: readonly FeedEvent[]; horizon: bigint }> | null = [];
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  /** The last state event the client has (delivered, or resumed after): what ends a stream. */
  private last: JobEventName | null;

  constructor(
    private readonly source: StreamSource,
    private readonly poller: EventFeedPoller,
    private readonly config: EventStreamConfig,
    private readonly resume: { position: FeedPosition; name: JobEventName } | null,
  ) {
    this.held = new OrderedRelease(config.orderWaitMs);
    this.last = resume?.name ?? null;
    this.body.once('close', () => this.close());
  }

  /** Subscribes and reads the replay's start; false if the stream has nothing left to show. */
  async open(): Promise<boolean> {
    const { tenant, jobId } = this.source;
    const stop = await this.poller.subscribe({
      tenant,
      ...(jobId ? { jobId } : {}),
      deliver: (events, horizon) => this.onLive(events, horizon),
      end: () => this.end(),
    });
    if (this.closed) stop();
    else this.unsubscribe = stop;
    try {
      const first = await this.source.replay(this.resume?.position ?? null, null);
      this.seen = first.snapshot;
      this.body.write(sseComment('ok'));
      const wrote = this.take(first.events);
      if (first.more) void this.replayRest(first.events);
      else this.goLive();
      if (!wrote && this.closed) return false;
    } catch (error) {
      this.close();
      throw error;
    }
    const beat = () => this.write(sseComment('heartbeat'));
    if (!this.closed) this.heartbeat = setInterval(beat, this.config.heartbeatMs);
    return true;
  }

  private async replayRest(page: readonly FeedEvent[]): Promise<void> {
    let after = page[page.length - 1] ?? null;
    try {
      for (let more = true; more && !this.closed;) {
        if (this.body.writableNeedDrain) await drainedOrClosed(this.body);
        const part = await this.source.replay(after, this.seen);
        this.take(part.events);
        after = part.events[part.events.length - 1] ?? after;
        more = part.more;
      }
      this.goLive();
    } catch (error) {
      this.body.destroy(error as Error);
    }
  }

  /** Writes the replay's events the snapshot's past settled; holds the rest. True if any written. */
  private take(events: readonly FeedEvent[]): boolean {
    const horizon = this.seen?.xmin ?? 0n;
    const settled = events.filter((e) => e.tx === null || e.tx < horizon);
    this.held.add(
      events.filter((e) => !settled.includes(e)),
      Date.now(),
    );
    return this.emit(settled);
  }

  private goLive(): void {
    const early = this.early ?? [];
    this.early = null;
    for (const { events, horizon } of early) this.onLive(events, horizon);
    this.endIfOver();
  }

  private onLive(events: readonly FeedEvent[], horizon: bigint): void {
    if (this.closed) return;
    if (this.early) {
      this.early.push({ events, horizon });
      return;
    }
    const now = Date.now();
    this.held.add(
      events.filter((e) => !this.seen?.sees(e.tx) && this.source.accepts(e)),
      now,
    );
    this.emit(this.held.release(horizon, now));
    this.endIfOver();
  }

  private emit(events: readonly FeedEvent[]): boolean {
    for (const event of events) {
      if (!this.write(sseMessage(event))) return false;
      if (!isWebhookEntry(event.name)) this.last = event.name;
    }
    return events.length > 0;
  }

  private write(chunk: string): boolean {
    if (this.closed) return false;
    this.body.write(chunk);
    const pending = this.body.writableLength + this.body.readableLength;
    if (pending > this.config.maxPendingBytes) {
      this.body.destroy(new SlowStreamClientError(pending));
      return false;
    }
    return true;
  }

  private endIfOver(): void {
    if (this.closed || this.early || this.held.size > 0) return;
    if (this.last === null || !this.source.endsAfter(this.last)) return;
    this.end();
  }

  private end(): void {
    if (!this.body.writableEnded) this.body.end();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.early = null;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

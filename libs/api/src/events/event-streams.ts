import { Inject, Injectable } from '@nestjs/common';
import { TERMINAL_EVENT_NAMES, WEBHOOK_HISTORY_NAMES, type JobEventName } from '@jobmill/contracts';
import {
  compareFeed,
  type FeedPosition,
  JobEventFeedStore,
  type TenantFeedFilter,
} from '@jobmill/persistence';
import { ProblemError } from '../problems/problem.error';
import { EventFeedPoller } from './event-feed.poller';
import { EVENT_STREAM_CONFIG, type EventStreamConfig } from './event-stream.config';
import { EventStream, type StreamSource } from './event-stream';

/** Replay pages of a tenant's feed: bounded reads, written as the client takes them. */
const TENANT_PAGE = 500;

const unknownLastEventId = (id: string): ProblemError =>
  new ProblemError(
    400,
    'UNKNOWN_LAST_EVENT_ID',
    'Bad request',
    `Last-Event-ID '${id}' is not an event of this stream (it may have passed retention).`,
    [{ path: '/headers/last-event-id', message: 'not an event of this stream' }],
  );

/** Opens live event streams: one job's, or all of a tenant's. */
@Injectable()
export class EventStreams {
  constructor(
    private readonly feed: JobEventFeedStore,
    private readonly poller: EventFeedPoller,
    @Inject(EVENT_STREAM_CONFIG) private readonly config: EventStreamConfig,
  ) {}

  /** The job's history, then its new events; ends after a terminal event. */
  async ofJob(tenant: string, jobId: string, lastEventId?: string): Promise<EventStream> {
    const resume = await this.stateAt(
      tenant,
      jobId,
      await this.resumePoint(tenant, lastEventId, jobId),
    );
    const source: StreamSource = {
      tenant,
      jobId,
      replay: async (after) => {
        const read = await this.feed.job(tenant, jobId);
        const events = after ? read.events.filter((e) => compareFeed(e, after) > 0) : read.events;
        return { snapshot: read.snapshot, events, more: false };
      },
      accepts: () => true,
      endsAfter: (name) => TERMINAL_EVENT_NAMES.includes(name),
    };
    return new EventStream(source, this.poller, this.config, resume);
  }

  /** The tenant's events as they happen (after Last-Event-ID's, if given); never ends. */
  async ofTenant(
    tenant: string,
    filter: TenantFeedFilter,
    lastEventId?: string,
  ): Promise<EventStream> {
    const resume = await this.resumePoint(tenant, lastEventId);
    const source: StreamSource = {
      tenant,
      replay: async (after, snapshot) => {
        if (!resume) return { snapshot: null, events: [], more: false };
        const page = { after, snapshot, limit: TENANT_PAGE };
        const read = await this.feed.tenantPage(tenant, filter, page);
        return { ...read, more: read.events.length === TENANT_PAGE };
      },
      accepts: (e) =>
        e.tenant === tenant &&
        (filter.jobType === null || e.jobType === filter.jobType) &&
        (filter.names === null || filter.names.includes(e.name)),
      endsAfter: () => false,
    };
    return new EventStream(source, this.poller, this.config, resume);
  }

  /**
   * A resume point named by the job's last state event up to it: resuming after a webhook
   * entry, the stream must still know whether the job had finished.
   */
  private async stateAt(
    tenant: string,
    jobId: string,
    resume: { position: FeedPosition; name: JobEventName } | null,
  ): Promise<{ position: FeedPosition; name: JobEventName } | null> {
    if (!resume || !(WEBHOOK_HISTORY_NAMES as readonly string[]).includes(resume.name))
      return resume;
    const { events } = await this.feed.job(tenant, jobId);
    const state = events
      .filter((e) => compareFeed(e, resume.position) <= 0)
      .findLast((e) => !(WEBHOOK_HISTORY_NAMES as readonly string[]).includes(e.name));
    return { position: resume.position, name: state?.name ?? resume.name };
  }

  private async resumePoint(
    tenant: string,
    lastEventId: string | undefined,
    jobId?: string,
  ): Promise<{ position: FeedPosition; name: JobEventName } | null> {
    if (lastEventId === undefined || lastEventId === '') return null;
    const position = await this.feed.positionOf(tenant, lastEventId);
    if (!position || (jobId && position.jobId !== jobId)) throw unknownLastEventId(lastEventId);
    return { position, name: position.name };
  }
}

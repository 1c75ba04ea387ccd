import {
  encodeBatch,
  eventRoutingKey,
  JOB_EVENT_NAMES,
  parseEventType,
  type JobEvent,
  type TopologyNames,
} from '@jobmill/contracts';
import {
  encodeEnvelope,
  toEventAmqpProperties,
  toEventBatchAmqpProperties,
} from './amqp-properties.mapper';
import type { ConfirmPublisher } from './confirm.publisher';
import type { EventPublisher } from './event-publisher.port';
import type { PublishRequest } from './publish-request.types';
import { groupBy, publishWindow, settleGroups } from './publish-window.util';
import { inActiveTrace } from '../tracing/consume.tracing';
import { tracedPublish } from '../tracing/publish.tracing';
import { tracingEnabled } from '../tracing/trace-context.util';

/** Routing key of an event: `<tenant>.<jobType>.<name>` (the raw type when it is not a job event). */
export function eventRoutingKeyOf(event: JobEvent): string {
  const data = event.data as { readonly jobType?: unknown } | undefined;
  const jobType = typeof data?.jobType === 'string' ? data.jobType : 'unknown';
  const name = parseEventType(event.type);
  return name
    ? eventRoutingKey(event.tenant, jobType, name)
    : `${event.tenant}.${jobType}.${event.type}`;
}

/** Where an event's name falls in a job's life: started before progress before its outcome. */
function lifecycleRank(event: JobEvent): number {
  const name = parseEventType(event.type);
  return name ? JOB_EVENT_NAMES.indexOf(name) : JOB_EVENT_NAMES.length;
}

/**
 * A window's groups in lifecycle order, so that one job's start and outcome published in the
 * same window (StartedEventHold) still reach a subscriber in that order: the channel keeps the
 * order of its publishes, and within a name the order of first appearance stays.
 */
function inLifecycleOrder(groups: Map<string, JobEvent[]>): Map<string, JobEvent[]> {
  if (groups.size < 2) return groups;
  const ranked = [...groups].map((entry) => ({
    entry,
    rank: lifecycleRank(entry[1][0] as JobEvent),
  }));
  return new Map(ranked.sort((a, b) => a.rank - b.rank).map((r) => r.entry));
}

/**
 * Publishes job events on the events exchange with confirms (not mandatory: nobody may listen).
 * Events go out in windows (publishWindow), one message per routing key: a structured
 * CloudEvent when alone, a CloudEvents batch when there are more.
 * So a busy worker spends one broker message on a window of jobs, not one per event.
 */
export class AmqpEventPublisher implements EventPublisher {
  private readonly windowed: (event: JobEvent) => Promise<void>;

  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {
    this.windowed = publishWindow((events) =>
      settleGroups(events, inLifecycleOrder(groupBy(events, eventRoutingKeyOf)), (group) =>
        this.send(group),
      ),
    );
  }

  /** With tracing on, the event carries the context it was published in (the worker's span). */
  async publish(event: JobEvent): Promise<void> {
    return this.windowed(tracingEnabled() ? inActiveTrace(event) : event);
  }

  async publishMany(events: readonly JobEvent[]): Promise<void> {
    await Promise.all(events.map((event) => this.publish(event)));
  }

  private send(group: readonly JobEvent[]): Promise<void> {
    const request = this.requestFor(group);
    if (!tracingEnabled()) return this.publisher.publish(request);
    return tracedPublish([request], group, () => this.publisher.publish(request));
  }

  private requestFor(group: readonly JobEvent[]): PublishRequest {
    const first = group[0] as JobEvent;
    return {
      exchange: this.names.events,
      routingKey: eventRoutingKeyOf(first),
      ...(group.length === 1
        ? { content: encodeEnvelope(first), properties: toEventAmqpProperties(first) }
        : { content: encodeBatch(group), properties: toEventBatchAmqpProperties(group) }),
    };
  }
}

import {
  eventRoutingKey,
  parseEventType,
  type JobEvent,
  type TopologyNames,
} from '@jobmill/contracts';
import { encodeEnvelope, toAmqpProperties } from './amqp-properties.mapper';
import type { ConfirmPublisher } from './confirm.publisher';
import type { EventPublisher } from './event-publisher.port';
import type { PublishRequest } from './publish-request.types';

/** Routing key of an event: `<tenant>.<jobType>.<name>` (the raw type when it is not a job event). */
export function eventRoutingKeyOf(event: JobEvent): string {
  const data = event.data as { readonly jobType?: unknown } | undefined;
  const jobType = typeof data?.jobType === 'string' ? data.jobType : 'unknown';
  const name = parseEventType(event.type);
  return name
    ? eventRoutingKey(event.tenant, jobType, name)
    : `${event.tenant}.${jobType}.${event.type}`;
}

/** Publishes job events on the events exchange with confirms (not mandatory: nobody may listen). */
export class AmqpEventPublisher implements EventPublisher {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  async publish(event: JobEvent): Promise<void> {
    return this.publisher.publish(this.requestFor(event));
  }

  async publishMany(events: readonly JobEvent[]): Promise<void> {
    return this.publisher.publishAll(events.map((event) => this.requestFor(event)));
  }

  private requestFor(event: JobEvent): PublishRequest {
    return {
      exchange: this.names.events,
      routingKey: eventRoutingKeyOf(event),
      content: encodeEnvelope(event),
      properties: toAmqpProperties(event),
    };
  }
}

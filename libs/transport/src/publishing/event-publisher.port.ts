import type { JobEvent } from '@jobmill/contracts';

/** Publishes job events on the events exchange (routing key eventRoutingKey(tenant, jobType, name)). */
export interface EventPublisher {
  publish(event: JobEvent): Promise<void>;
  publishMany(events: readonly JobEvent[]): Promise<void>;
}

/** Nest injection token of the EventPublisher. */
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');

import { isBatchContentType, laneQueueName, priorityOf, type JobCommand } from '@jobmill/contracts';
import {
  priorityLanesOf,
  type HandlerOutcome,
  type InboundMessage,
  type MessageConsumer,
  type PriorityLane,
  type Subscription,
} from '@jobmill/transport';
import { BatchOpeningGate } from './batch-opening.gate';
import type { JobRunnerOptions } from './job-runner.types';

export type LaneOptions = Pick<JobRunnerOptions, 'queue' | 'priorityLanes'>;

/** The lanes a runner consumes: every priority's of its queue with `priorityLanes`, else the queue. */
export const lanesOf = ({ queue, priorityLanes }: LaneOptions): readonly PriorityLane[] =>
  priorityLanes ? priorityLanesOf(queue) : [{ priority: 'normal', queue, backlog: false }];

/** What a runner does with the deliveries of its lanes. */
export interface LaneHandlers {
  readonly handler: (message: InboundMessage, queue: string) => Promise<HandlerOutcome>;
  readonly onGraceExpired: () => void;
}

/** Consumes each lane with the runner's prefetch; the handler is told the lane's queue. */
export const consumeLanes = (
  consumer: MessageConsumer,
  options: LaneOptions & Pick<JobRunnerOptions, 'prefetch'>,
  { handler, onGraceExpired }: LaneHandlers,
): Subscription[] =>
  lanesOf(options).map(({ queue }) =>
    consumer.consume({
      queue,
      prefetch: options.prefetch,
      handler: (message) => handler(message, queue),
      onGraceExpired,
    }),
  );

/**
 * Whether a job waits for a slot: a batch member does; a message of its own is bounded by the
 * prefetch already, unless lanes share the slots (each lane has a prefetch of its own). A
 * redelivery never waits behind the orphaned run of its last delivery.
 */
export const waitsForSlot = (
  message: InboundMessage,
  redelivered: boolean,
  options: LaneOptions,
): boolean =>
  isBatchContentType(message.properties.contentType) ||
  (options.priorityLanes === true && !redelivered);

/** The lane a command goes back to (a retry, a deferral): its priority's, with lanes. */
export const laneOf = ({ queue, priorityLanes }: LaneOptions, command: JobCommand): string =>
  priorityLanes ? laneQueueName(queue, priorityOf(command.data)) : queue;

/**
 * A batch opening gate per lane: a backlog of normal batches opened up to the limit never keeps
 * a high batch from being opened and waiting for the next slot.
 */
export class LaneGates {
  private readonly gates = new Map<string, BatchOpeningGate>();

  constructor(private readonly limit: number) {}

  /** The gate of a lane's queue. */
  of(queue: string): BatchOpeningGate {
    let gate = this.gates.get(queue);
    if (!gate) this.gates.set(queue, (gate = new BatchOpeningGate(this.limit)));
    return gate;
  }
}

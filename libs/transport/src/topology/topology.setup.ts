import type { BrokerChannel as Channel } from '../connection/broker-connection.port';
import {
  DETECTION_BINDINGS,
  hasBacklogLane,
  JOB_PRIORITIES,
  laneBindings,
  laneQueueName,
  PROCESSING_BINDINGS,
  type JobPriority,
  type TopologyNames,
} from '@jobmill/contracts';
import { declareDelayStages } from './delay-stages.setup';

/** The queues a service may own. */
export type QueueKind = 'detection' | 'processing' | 'status';

/** The role of a service, which decides what it declares; a `publisher` declares exchanges only. */
export type TopologyRole = 'api' | 'publisher' | QueueKind;

/** What to declare besides the exchanges. */
export interface TopologyOptions {
  readonly queues?: readonly QueueKind[];
  /** Deliveries of one message before the broker dead-letters it. Default 5. */
  readonly deliveryLimit?: number;
}

export const DEFAULT_DELIVERY_LIMIT = 5;

/**
 * What each role declares: a worker or status its own queue; the api every queue, so a
 * command it accepts is routable and kept even before any worker or status service has run.
 */
export const topologyForRole = (role: TopologyRole): TopologyOptions => {
  if (role === 'api') return { queues: ['detection', 'processing', 'status'] };
  return role === 'publisher' ? { queues: [] } : { queues: [role] };
};

/** Declares the four exchanges (idempotent). */
export async function declareExchanges(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.commands, 'topic', { durable: true });
  await channel.assertExchange(names.events, 'topic', { durable: true });
  await channel.assertExchange(names.control, 'fanout', { durable: true });
  await channel.assertExchange(names.deadLetter, 'topic', { durable: true });
}

/**
 * Declares the dead-letter queue, bound to everything dead-lettered. Classic, not quorum: a
 * classic queue has no delivery limit (by argument or policy), so letters browsed any number
 * of times stay until someone acts on them. The price is no replication (see README).
 */
export async function declareDeadLetterQueue(
  channel: Channel,
  names: TopologyNames,
): Promise<void> {
  await channel.assertQueue(names.deadLetterQueue, {
    durable: true,
    arguments: { 'x-queue-type': 'classic' },
  });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetter, '#');
}

/** Arguments of a quorum work queue whose poison messages the broker dead-letters. */
export const workQueueArguments = (
  queue: string,
  names: TopologyNames,
  deliveryLimit = DEFAULT_DELIVERY_LIMIT,
): Record<string, unknown> => ({
  'x-queue-type': 'quorum',
  'x-delivery-limit': deliveryLimit,
  'x-dead-letter-exchange': names.deadLetter,
  'x-dead-letter-routing-key': queue,
});

/** The routing patterns of the commands a queue kind receives: its job types. */
export const commandPatternsOf = (kind: QueueKind): readonly string[] =>
  kind === 'detection' ? DETECTION_BINDINGS : kind === 'processing' ? PROCESSING_BINDINGS : ['#'];

/** The bindings of a queue kind's lane (the status queue's only one): `[exchange, pattern]`. */
export function bindingsOf(
  kind: QueueKind,
  names: TopologyNames,
  priority: JobPriority = 'normal',
  backlog = false,
): ReadonlyArray<readonly [string, string]> {
  if (kind !== 'status')
    return laneBindings(commandPatternsOf(kind), priority, backlog).map(
      (p) => [names.commands, p] as const,
    );
  return [
    [names.commands, '#'],
    [names.events, '#'],
  ];
}

/** The queue name of a queue kind (of a worker kind, its normal lane). */
export const queueNameOf = (kind: QueueKind, names: TopologyNames): string =>
  kind === 'detection'
    ? names.detectionQueue
    : kind === 'processing'
      ? names.processingQueue
      : names.statusQueue;

/** A worker queue's lane: the queue its priority's commands (or backlog commands) are routed to. */
export interface PriorityLane {
  readonly priority: JobPriority;
  readonly queue: string;
  /** A backlog lane: jobs of tenants past their fair share (README, "Fair sharing"). */
  readonly backlog: boolean;
}

/**
 * The lanes of a worker queue in the order their jobs start: one quorum queue per priority,
 * since quorum queues have no priorities on RabbitMQ before 4.3 (README, "Priorities"), each
 * followed by its backlog lane if it has one.
 */
export const priorityLanesOf = (queue: string): readonly PriorityLane[] =>
  JOB_PRIORITIES.flatMap((priority) => [
    { priority, queue: laneQueueName(queue, priority), backlog: false },
    ...(hasBacklogLane(priority)
      ? [{ priority, queue: laneQueueName(queue, priority, true), backlog: true }]
      : []),
  ]);

/**
 * Declares one queue of a kind with its bindings; a worker kind gets a lane per priority, each
 * with its own delay stages (a retry goes back to the lane it came from).
 */
export async function declareQueue(
  channel: Channel,
  names: TopologyNames,
  kind: QueueKind,
  deliveryLimit = DEFAULT_DELIVERY_LIMIT,
): Promise<void> {
  const base = queueNameOf(kind, names);
  const lanes =
    kind === 'status'
      ? [{ priority: 'normal', queue: base, backlog: false } as const]
      : priorityLanesOf(base);
  for (const { priority, queue, backlog } of lanes) {
    await channel.assertQueue(queue, {
      durable: true,
      arguments: workQueueArguments(queue, names, deliveryLimit),
    });
    for (const [exchange, pattern] of bindingsOf(kind, names, priority, backlog))
      await channel.bindQueue(queue, exchange, pattern);
    // A backlog lane has no delay stages: a retry or deferral goes back to its priority's lane.
    if (kind !== 'status' && !backlog) await declareDelayStages(channel, queue);
  }
}

/** Declares the exchanges and, if any queue is asked for, the DLQ and those queues. */
export async function declareTopology(
  channel: Channel,
  names: TopologyNames,
  options: TopologyOptions = {},
): Promise<void> {
  await declareExchanges(channel, names);
  const queues = options.queues ?? [];
  if (queues.length === 0) return;
  await declareDeadLetterQueue(channel, names);
  for (const kind of queues) await declareQueue(channel, names, kind, options.deliveryLimit);
}

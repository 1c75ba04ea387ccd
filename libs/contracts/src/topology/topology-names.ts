import type { JobType } from '../commands/job-types';
import type { JobEventName } from '../events/job-event';
import { DEFAULT_PRIORITY, laneSuffix, type JobPriority } from '../priorities/job-priority';

/** Names of every exchange and queue, under a prefix so environments can share one broker. */
export interface TopologyNames {
  /** Topic exchange for commands; routing key = job type. */
  readonly commands: string;
  /** Topic exchange for job events; routing key = `<tenant>.<jobType>.<event>`. */
  readonly events: string;
  /** Fanout exchange every worker instance hears (cancellation and other control messages). */
  readonly control: string;
  /** Direct exchange for messages the platform gave up on; routing key = the source queue. */
  readonly deadLetter: string;
  /**
   * Classic queue holding dead-lettered messages until an operator acts on them: classic
   * queues have no delivery limit, so browsing can never drop a letter.
   */
  readonly deadLetterQueue: string;
  /** Durable queue of the detection workers. */
  readonly detectionQueue: string;
  /** Durable queue of the processing workers. */
  readonly processingQueue: string;
  /** Queue of the status projector: a copy of every command and every event. */
  readonly statusQueue: string;
}

/** Builds the names for a prefix (empty, or e.g. `staging.`; a missing trailing dot is added). */
export function topologyNames(prefix = ''): TopologyNames {
  const p = prefix === '' || prefix.endsWith('.') ? prefix : `${prefix}.`;
  return {
    commands: `${p}jobs.commands`,
    events: `${p}jobs.events`,
    control: `${p}jobs.control`,
    deadLetter: `${p}jobs.dead-letter`,
    deadLetterQueue: `${p}jobs.dead-letter.kept`,
    detectionQueue: `${p}jobs.detection`,
    processingQueue: `${p}jobs.processing`,
    statusQueue: `${p}jobs.status`,
  };
}

/**
 * Command routing-key patterns each worker queue is bound with. The built-in `system.*` jobs
 * (the `system.ping` canary) go to the detection workers, which every deployment runs.
 */
export const DETECTION_BINDINGS = ['detection.*', 'system.*'] as const;
export const PROCESSING_BINDINGS = ['processing.*'] as const;

/**
 * Routing key of a command: its job type, with the lane of its priority when it is not normal
 * (`detection.vad`, `detection.vad.high`, `detection.vad.low`), and of its backlog lane past its
 * tenant's fair share (`detection.vad.backlog`, `detection.vad.low.backlog`).
 */
export const commandRoutingKey = (
  jobType: JobType,
  priority: JobPriority = DEFAULT_PRIORITY,
  backlog = false,
): string => `${jobType}${laneSuffix(priority, backlog)}`;

/** The binding patterns of a lane: a queue's patterns with the lane's suffix (`detection.*.high`). */
export const laneBindings = (
  patterns: readonly string[],
  priority: JobPriority,
  backlog = false,
): string[] => patterns.map((pattern) => `${pattern}${laneSuffix(priority, backlog)}`);

/** Routing key of an event: `<tenant>.<jobType>.<event>`, so subscribers filter by any of them. */
export const eventRoutingKey = (tenant: string, jobType: string, name: JobEventName): string =>
  `${tenant}.${jobType}.${name}`;

/** Whether a routing key is an event's of that name (its last word, see `eventRoutingKey`). */
export const isEventRoutingKey = (routingKey: string, name: JobEventName): boolean =>
  routingKey.endsWith(`.${name}`);

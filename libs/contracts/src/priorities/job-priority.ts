/** The priorities a job may have, highest first: the order in which waiting jobs start. */
export const JOB_PRIORITIES = ['high', 'normal', 'low'] as const;

/** A job's priority. */
export type JobPriority = (typeof JOB_PRIORITIES)[number];

/** The priority of a job that names none. */
export const DEFAULT_PRIORITY: JobPriority = 'normal';

/** Whether a value is one of JOB_PRIORITIES. */
export const isJobPriority = (value: unknown): value is JobPriority =>
  value === 'high' || value === 'normal' || value === 'low';

/** The priority a command's data carries (normal when it names none or an unknown one). */
export const priorityOf = (data: { readonly priority?: unknown } | undefined): JobPriority => {
  const priority = data?.priority;
  return isJobPriority(priority) ? priority : DEFAULT_PRIORITY;
};

/** The rank of a priority, 0 for the highest: an index into per-priority arrays. */
export const priorityRank = (priority: JobPriority): number =>
  priority === 'high' ? 0 : priority === 'normal' ? 1 : 2;

/**
 * Priorities whose lanes have a backlog lane next to them: where a tenant's jobs beyond its fair
 * share wait, behind every tenant's jobs of that priority within their share (README, "Fair
 * sharing between tenants"). High jobs have none: they go first whoever sent them.
 */
export const BACKLOG_PRIORITIES: readonly JobPriority[] = ['normal', 'low'];

/** The suffix a backlog lane adds to its priority lane's routing keys and queue name. */
export const BACKLOG_SUFFIX = '.backlog';

/** Whether jobs of this priority may wait in a backlog lane. */
export const hasBacklogLane = (priority: JobPriority): boolean =>
  BACKLOG_PRIORITIES.includes(priority);

/**
 * The lane of a priority (or its backlog lane): a suffix of routing keys and queue names
 * (`detection.vad.high`, `jobs.detection.high`, `jobs.detection.low.backlog`). Normal has none,
 * so the names and keys from before priorities (and partners that publish them) stay as they were.
 */
export const laneSuffix = (priority: JobPriority, backlog = false): string =>
  `${priority === DEFAULT_PRIORITY ? '' : `.${priority}`}${backlog && hasBacklogLane(priority) ? BACKLOG_SUFFIX : ''}`;

/** The queue of a lane: a worker queue's name with the lane's suffix. */
export const laneQueueName = (queue: string, priority: JobPriority, backlog = false): string =>
  `${queue}${laneSuffix(priority, backlog)}`;

/** Whether a command's routing key is a backlog lane's. */
export const isBacklogRoutingKey = (routingKey: string): boolean =>
  routingKey.endsWith(BACKLOG_SUFFIX);

/** Ranks of jobs waiting for a worker slot: each priority, then its backlog lane. */
export const SLOT_RANKS = 6;

/** The rank of a job waiting for a slot, 0 first: a backlog lane's after its priority's. */
export const slotRank = (priority: JobPriority, backlog = false): number =>
  priorityRank(priority) * 2 + (backlog && hasBacklogLane(priority) ? 1 : 0);

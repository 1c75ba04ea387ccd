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
 * The lane of a priority: a suffix of routing keys and queue names (`detection.vad.high`,
 * `jobs.detection.high`). Normal has none, so the names and keys from before priorities (and
 * partners that publish them) stay as they were.
 */
export const laneSuffix = (priority: JobPriority): string =>
  priority === DEFAULT_PRIORITY ? '' : `.${priority}`;

/** The queue of a lane: a worker queue's name with the lane's suffix. */
export const laneQueueName = (queue: string, priority: JobPriority): string =>
  `${queue}${laneSuffix(priority)}`;

import { JOB_TYPES, type JobPriority, type JobType, type TopologyNames } from '@jobmill/contracts';
import { commandPatternsOf, priorityLanesOf, queueNameOf, topicMatches } from '@jobmill/transport';

/** One priority lane (or backlog lane) of the queue a job type is routed to. */
export interface JobTypeLane {
  readonly jobType: JobType;
  readonly queue: string;
  readonly priority: JobPriority;
  /** Jobs of tenants past their fair share, behind the priority's lane (README, "Fair sharing"). */
  readonly backlog: boolean;
}

const WORKER_QUEUES = ['detection', 'processing'] as const;

/** The worker queue kind a job type is routed to (its bindings decide). */
export const queueKindOf = (jobType: string): (typeof WORKER_QUEUES)[number] | undefined =>
  WORKER_QUEUES.find((kind) => commandPatternsOf(kind).some((p) => topicMatches(p, jobType)));

/**
 * Every job type's lanes (high, normal and its backlog, low and its backlog): the queues its
 * commands wait in. Types routed to one queue share it, so they show the same depth and consumers.
 */
export function jobTypeLanes(names: TopologyNames): JobTypeLane[] {
  return JOB_TYPES.flatMap((jobType) => {
    const kind = queueKindOf(jobType);
    if (!kind) return [];
    return priorityLanesOf(queueNameOf(kind, names)).map(({ priority, queue, backlog }) => ({
      jobType,
      queue,
      priority,
      backlog,
    }));
  });
}

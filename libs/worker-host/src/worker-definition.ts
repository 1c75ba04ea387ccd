import { hostname } from 'node:os';
import type { BlobStore } from '@jobmill/blobs';
import type { JobType, TopologyNames } from '@jobmill/contracts';
import type { JobHandler } from '@jobmill/job-runtime';
import type { TopologyRole } from '@jobmill/transport';
import type { TaskPool } from '@jobmill/platform';

/** What distinguishes one worker service from another. */
export interface WorkerDefinition {
  /** Service name, e.g. `detection-worker`. */
  readonly service: string;
  readonly role: TopologyRole;
  readonly queue: (names: TopologyNames) => string;
  /** Absolute path of the worker-thread task module. */
  readonly taskFile: string;
  readonly handlers: (pool: TaskPool, blobs: BlobStore) => Partial<Record<JobType, JobHandler>>;
}

/** This process's identity as a worker: its broker connection name and lease holder. */
export function workerIdOf(definition: WorkerDefinition): string {
  return `${definition.service}@${hostname()}:${process.pid}`;
}

import { SystemJobsModule } from '@jobmill/job-runtime';
import type { WorkerConfig, WorkerDefinition } from '@jobmill/worker-host';
import { DetectionJobsModule } from './detection-jobs.module';

/**
 * The detection worker: `detection.*` jobs in worker threads, and the built-in `system.*` ones
 * (the ping canary), which are routed to its queue because every deployment runs it.
 */
export function detectionWorker(
  config: Pick<WorkerConfig, 'threads' | 'blobDir'>,
): WorkerDefinition {
  return {
    service: 'detection-worker',
    role: 'detection',
    jobs: [DetectionJobsModule.register(config), SystemJobsModule],
  };
}

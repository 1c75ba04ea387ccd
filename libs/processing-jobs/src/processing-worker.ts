import type { WorkerConfig, WorkerDefinition } from '@jobmill/worker-host';
import { ProcessingJobsModule } from './processing-jobs.module';

/** The processing worker: `processing.*` jobs; outputs are written as blobs under `blobDir`. */
export function processingWorker(
  config: Pick<WorkerConfig, 'threads' | 'blobDir' | 'timeouts'>,
): WorkerDefinition {
  return {
    service: 'processing-worker',
    role: 'processing',
    jobs: [ProcessingJobsModule.register(config)],
  };
}

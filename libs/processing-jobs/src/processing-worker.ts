import path from 'node:path';
import type { WorkerConfig, WorkerDefinition } from '@jobmill/worker-host';
import { NormalizeJobHandler } from './normalize-job.handler';

// The task runs in worker threads: the .js next to this file when built, .ts under the test runner.
const taskFile = path.join(__dirname, `normalize.task${path.extname(__filename)}`);

/** The processing worker: `processing.*` jobs; outputs are written as blobs under `blobDir`. */
export function processingWorker(config: Pick<WorkerConfig, 'blobDir'>): WorkerDefinition {
  return {
    service: 'processing-worker',
    role: 'processing',
    queue: (names) => names.processingQueue,
    taskFile,
    handlers: (pool, blobs) => ({
      'processing.normalize': new NormalizeJobHandler(pool, blobs, config.blobDir),
    }),
  };
}

import path from 'node:path';
import type { WorkerDefinition } from '@jobmill/worker-host';
import { VadJobHandler } from './vad-job.handler';

/** The detection worker: `detection.vad` jobs from the detection queue, run in worker threads. */
export const detectionWorker: WorkerDefinition = {
  service: 'detection-worker',
  role: 'detection',
  queue: (names) => names.detectionQueue,
  // The task runs in worker threads: the .js next to this file when built, .ts under the test runner.
  taskFile: path.join(__dirname, `detect.task${path.extname(__filename)}`),
  handlers: (pool, blobs) => ({ 'detection.vad': new VadJobHandler(pool, blobs) }),
};

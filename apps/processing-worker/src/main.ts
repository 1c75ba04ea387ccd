import 'reflect-metadata';
import path from 'node:path';
import { loadConfig, runService } from '@jobmill/platform';
import { readWorkerConfig, workerModule } from '@jobmill/worker-host';
import { NormalizeJobHandler } from './normalize-job.handler';

const config = loadConfig(() => readWorkerConfig(3002));
// The task runs in worker threads: the .js next to this file when built, .ts under the test runner.
const taskFile = path.join(__dirname, `normalize.task${path.extname(__filename)}`);

void runService({
  name: 'processing-worker',
  port: config.port,
  module: workerModule(
    {
      service: 'processing-worker',
      role: 'processing',
      queue: (names) => names.processingQueue,
      taskFile,
      handlers: (pool, blobs) => ({
        'processing.normalize': new NormalizeJobHandler(pool, blobs, config.blobDir),
      }),
    },
    config,
  ),
});

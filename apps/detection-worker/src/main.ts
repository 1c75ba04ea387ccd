import 'reflect-metadata';
import path from 'node:path';
import { loadConfig, runService } from '@jobmill/platform';
import { readWorkerConfig, workerModule } from '@jobmill/worker-host';
import { VadJobHandler } from './vad-job.handler';

const config = loadConfig(() => readWorkerConfig(3001));
// The task runs in worker threads: the .js next to this file when built, .ts under the test runner.
const taskFile = path.join(__dirname, `detect.task${path.extname(__filename)}`);

void runService({
  name: 'detection-worker',
  port: config.port,
  module: workerModule(
    {
      service: 'detection-worker',
      role: 'detection',
      queue: (names) => names.detectionQueue,
      taskFile,
      handlers: (pool, blobs) => ({ 'detection.vad': new VadJobHandler(pool, blobs) }),
    },
    config,
  ),
});

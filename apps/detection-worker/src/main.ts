import 'reflect-metadata';
import { detectionWorker } from '@jobmill/detection-jobs';
import { startJobServers } from '@jobmill/job-runtime';
import { loadConfig, runService } from '@jobmill/platform';
import { readWorkerConfig, workerModule } from '@jobmill/worker-host';

const config = loadConfig(() => readWorkerConfig(3001));
void runService({
  name: 'detection-worker',
  port: config.port,
  module: workerModule(detectionWorker(config), config),
  configure: startJobServers,
});

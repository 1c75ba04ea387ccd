import 'reflect-metadata';
import { startJobServers } from '@jobmill/job-runtime';
import { loadConfig, runService } from '@jobmill/platform';
import { processingWorker } from '@jobmill/processing-jobs';
import { readWorkerConfig, workerModule } from '@jobmill/worker-host';

const config = loadConfig(() => readWorkerConfig(3002));
void runService({
  name: 'processing-worker',
  port: config.port,
  module: workerModule(processingWorker(config), config),
  configure: startJobServers,
});

export { readWorkerConfig, type WorkerConfig } from './worker.config';
export { WorkerRuntime } from './worker-runtime';
export { workerModule, type WorkerDefinition } from './worker.module';

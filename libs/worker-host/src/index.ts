export { readWorkerConfig, type WorkerConfig } from './worker.config';
export { workerIdOf, type WorkerDefinition } from './worker-definition';
export { workerFeatureModule } from './worker-feature.module';
export { workerModule } from './worker.module';
export { workerHeartbeatProviders, WorkerInstanceHeartbeat } from './worker-instance.heartbeat';

export { type EventLoopDelay, EventLoopMonitor } from './event-loop.monitor';
export { HealthController } from './health.controller';
export { HealthModule, type HealthModuleAsyncOptions } from './health.module';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  HEALTH_OPTIONS,
  type HealthModuleOptions,
  type ReadinessCheckContext,
  type ReadinessIndicator,
} from './readiness.indicator';
export { ReadinessRegistry } from './readiness.registry';

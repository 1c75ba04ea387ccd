export { ConfigError } from './config/config.error';
export {
  createEnv,
  env,
  processEnv,
  type EnvReader,
  type EnvSource,
  type IntRange,
} from './config/env.reader';
export { isConfigError, loadConfig, type LoadConfigIo } from './config/load-config';
export {
  createLogger,
  LOG_LEVELS,
  type CreateLoggerOptions,
  type PlatformLogger,
} from './logging/create-logger';
export { PinoNestLogger } from './logging/pino-nest.logger';
export { httpMetricsMiddleware, UNMATCHED_ROUTE } from './metrics/http-metrics.middleware';
export { MetricsController } from './metrics/metrics.controller';
export { MetricsModule } from './metrics/metrics.module';
export { initMetrics, METRIC_PREFIX, metrics, metricsRegistry } from './metrics/metrics.registry';
export { sampleMetric } from './metrics/metric-sample.util';
export { installProcessErrorHandlers } from './lifecycle/process-errors';
export { runService, type RunServiceOptions } from './lifecycle/run-service';
export {
  PeriodicRound,
  type PeriodicRoundOptions,
  type RoundLogger,
} from './lifecycle/periodic-round';
export { installShutdownGuard, type ShutdownGuardOptions } from './lifecycle/shutdown-guard';
export {
  TaskPool,
  type RunOptions,
  type TaskInput,
  type TaskPoolOptions,
} from './threads/task-pool';
export { sharedSettings } from './config/shared-settings';
export { isLoopback, listenHost, LOOPBACK_HOST } from './config/listen-host';
export {
  readTracingConfig,
  TRACE_SAMPLERS,
  type TraceExport,
  type TraceSampler,
  type TracingConfig,
} from './tracing/tracing.config';
export { startTracing, type Tracing } from './tracing/start-tracing';

import { type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { env, processEnv } from '../config/env.reader';
import { loadConfig } from '../config/load-config';
import { listenHost } from '../config/listen-host';
import { createLogger, type PlatformLogger } from '../logging/create-logger';
import { PinoNestLogger } from '../logging/pino-nest.logger';
import { initMetrics } from '../metrics/metrics.registry';
import { MetricsModule } from '../metrics/metrics.module';
import { applyHeapGrowth } from './heap-growth.setting';
import { installProcessErrorHandlers } from './process-errors';
import { installShutdownGuard } from './shutdown-guard';
import { readTracingConfig } from '../tracing/tracing.config';
import { startTracing, type Tracing } from '../tracing/start-tracing';
import { TracingShutdownHook } from '../tracing/tracing-shutdown.hook';

/** What runService needs to boot one service. */
export interface RunServiceOptions {
  /** The service name: the `service` field of every log line and metric. */
  name: string;
  port: number;
  /** The app's root module. */
  module: Type<unknown>;
  /** Listen address; defaults to HOST, and without it to 127.0.0.1 (this machine only). */
  host?: string;
  /** Hook for prefixes, pipes, Swagger, etc., run before listen. */
  configure?: (app: INestApplication, logger: PlatformLogger) => void | Promise<void>;
  /** A logger to use instead of `createLogger(name)`. */
  logger?: PlatformLogger;
}

/** Boots a Nest service: pino logs, heap growth, metrics, traces, shutdown hooks with a deadline, listen; returns the app. */
export async function runService(options: RunServiceOptions): Promise<INestApplication> {
  // First: a wrong OTEL_* value stops start-up before anything opens, and spans need the provider.
  const tracing = await startTracing(loadConfig(() => readTracingConfig(options.name, processEnv)));
  const logger = options.logger ?? createLogger(options.name);
  const shutdownTimeoutMs = env.int('SHUTDOWN_TIMEOUT_MS', 30_000, { min: 0 });
  installProcessErrorHandlers(logger);
  applyHeapGrowth();
  initMetrics(options.name);

  const app = await NestFactory.create(withObservability(options.module, tracing), {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
  });
  // useProcessExit: exit 0 after a clean shutdown instead of re-raising the signal.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  installShutdownGuard({ logger, timeoutMs: shutdownTimeoutMs });
  await options.configure?.(app, logger);

  const host = options.host ?? listenHost();
  await app.listen(options.port, host);
  const url = await app.getUrl();
  logger.info({ host, port: Number(new URL(url).port), url }, `${options.name} listening`);
  // Prepended: pino flushes and ends its stream in its own 'exit' listener.
  process.prependOnceListener('exit', (code) => logger.info({ code }, `${options.name} stopped`));
  return app;
}

/**
 * Every service serves /metrics (Nest imports a module once, so an app importing it too is fine)
 * and flushes its spans on shutdown.
 */
function withObservability(root: Type<unknown>, tracing: Tracing): Type<unknown> {
  class ServiceRootModule {}
  Module({
    imports: [root, MetricsModule],
    providers: [{ provide: TracingShutdownHook, useValue: new TracingShutdownHook(tracing) }],
  })(ServiceRootModule);
  return ServiceRootModule;
}

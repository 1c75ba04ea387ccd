import { type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { env } from '../config/env.reader';
import { listenHost } from '../config/listen-host';
import { createLogger, type PlatformLogger } from '../logging/create-logger';
import { PinoNestLogger } from '../logging/pino-nest.logger';
import { initMetrics } from '../metrics/metrics.registry';
import { MetricsModule } from '../metrics/metrics.module';
import { applyHeapGrowth } from './heap-growth.setting';
import { installProcessErrorHandlers } from './process-errors';
import { installShutdownGuard } from './shutdown-guard';

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

/** Boots a Nest service: pino logs, heap growth, metrics, shutdown hooks with a deadline, listen; returns the app. */
export async function runService(options: RunServiceOptions): Promise<INestApplication> {
  const logger = options.logger ?? createLogger(options.name);
  const shutdownTimeoutMs = env.int('SHUTDOWN_TIMEOUT_MS', 30_000, { min: 0 });
  installProcessErrorHandlers(logger);
  applyHeapGrowth();
  initMetrics(options.name);

  const app = await NestFactory.create(withMetrics(options.module), {
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

/** Every service serves /metrics; Nest imports a module once, so an app importing it too is fine. */
function withMetrics(root: Type<unknown>): Type<unknown> {
  class ServiceRootModule {}
  Module({ imports: [root, MetricsModule] })(ServiceRootModule);
  return ServiceRootModule;
}

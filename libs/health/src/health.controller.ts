import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop.monitor';
import {
  DEFAULT_CHECK_TIMEOUT_MS,
  HEALTH_OPTIONS,
  type HealthModuleOptions,
} from './readiness.indicator';
import { ReadinessRegistry } from './readiness.registry';

/**
 * Never cached. Not documented by terminus: that would load @nestjs/swagger in every service, and
 * only the api serves a document (its `documentHealthEndpoints` documents both endpoints).
 */
const HEALTH_CHECK = HealthCheck({ noCache: true, swaggerDocumentation: false });

/** `GET /health/live` and `GET /health/ready`. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
    private readonly eventLoop: EventLoopMonitor,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions,
  ) {}

  /** 200 whenever the event loop runs (even while shutting down), with its delay in details. */
  @Get('live')
  @HEALTH_CHECK
  live(): HealthCheckResult {
    // Not through HealthCheckService: it answers 503 during shutdown, and a liveness failure
    // then would have the orchestrator kill a process that is draining on purpose.
    const eventLoop = this.indicators.check('eventLoop').up({ ...this.eventLoop.snapshot() });
    return { status: 'ok', info: eventLoop, error: {}, details: eventLoop };
  }

  /** 200 only when every readiness indicator is up in time; 503 with details otherwise. */
  @Get('ready')
  @HEALTH_CHECK
  ready(): Promise<HealthCheckResult> {
    const fallbackTimeout = this.options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    return this.health.check(
      this.registry.list().map((indicator) =>
        this.indicators
          .check(indicator.name)
          .attempt(async ({ signal }) => {
            if ((await indicator.check({ signal })) === false)
              throw new Error(`${indicator.name} is not ready`);
          })
          .withTimeout(indicator.timeoutMs ?? fallbackTimeout),
      ),
    );
  }
}

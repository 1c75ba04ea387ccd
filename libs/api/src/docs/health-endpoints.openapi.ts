import { HealthController } from '@jobmill/health';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';

/** One check's entry in `info`, `error` or `details`, keyed by the check's name. */
const checks = (example: object) => ({
  type: 'object',
  example,
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    additionalProperties: true,
  },
});

/** Terminus's answer: the overall status, and each check under info (up), error (down) and details (all). */
const answer = (status: string[], info: object, error: object) => ({
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  properties: {
    status: { type: 'string', enum: status },
    info: checks(info),
    error: checks(error),
    details: checks({ ...info, ...error }),
  },
});

const up = { status: 'up', responseTime: 1 };
const eventLoop = { status: 'up', meanMs: 10.1, p99Ms: 12.2, maxMs: 30.5, windowMs: 10_000 };

let documented = false;

/**
 * Documents `/health/live` and `/health/ready` in the api's OpenAPI document. Here rather than on
 * the controller (terminus's `@HealthCheck()` documents them when swagger is installed): every
 * service serves them, and the others, which serve no document, need not load swagger to start.
 */
export function documentHealthEndpoints(): void {
  // Decorators add to the class's metadata: a second call would list the tag twice.
  if (documented) return;
  documented = true;
  const method = (name: 'live' | 'ready', ...decorators: MethodDecorator[]) => {
    const descriptor = Object.getOwnPropertyDescriptor(HealthController.prototype, name);
    if (!descriptor) throw new Error(`HealthController has no ${name}()`);
    for (const decorate of decorators) decorate(HealthController.prototype, name, descriptor);
  };
  ApiTags('health')(HealthController);
  method(
    'live',
    ApiOperation({
      summary: 'Liveness: 200 whenever the event loop runs, also while shutting down',
      description: "details.eventLoop gives the event loop's delay over the last 10 s window.",
    }),
    ApiOkResponse({ description: 'The process runs', schema: answer(['ok'], { eventLoop }, {}) }),
  );
  method(
    'ready',
    ApiOperation({
      summary: 'Readiness: 200 when RabbitMQ and PostgreSQL answer in time',
      description: 'Every service answers it; route traffic to a service only while it is 200.',
    }),
    ApiOkResponse({
      description: 'Every check is up',
      schema: answer(['ok'], { rabbitmq: up, postgres: up }, {}),
    }),
    ApiServiceUnavailableResponse({
      description: 'A check is down or late, or the service is shutting down',
      schema: answer(
        ['error', 'shutting_down'],
        { rabbitmq: up },
        { postgres: { status: 'down', message: 'timeout of 2000ms exceeded' } },
      ),
    }),
  );
}

import { Controller, Get, type INestApplication, Module, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { initMetrics, metrics } from './metrics.registry';
import { MetricsModule } from './metrics.module';

@Controller('things')
class ThingsController {
  @Get(':id')
  one(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get(':id/events')
  stream(@Param('id') id: string, @Res() res: Response): void {
    res.setHeader('content-type', 'text/event-stream');
    res.end(`data: ${id}\n\n`);
  }
}

@Module({ imports: [MetricsModule], controllers: [ThingsController] })
class TestModule {}

jest.setTimeout(30_000);

describe('MetricsModule (HTTP)', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    initMetrics('metrics-test');
    app = await NestFactory.create(TestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves the registry as Prometheus text with prefixed default metrics and the service label', async () => {
    metrics.counter('widgets_total', 'Widgets made', ['kind']).inc({ kind: 'blue' }, 3);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toContain('# TYPE jobmill_process_cpu_user_seconds_total counter');
    expect(body).toMatch(/jobmill_nodejs_eventloop_lag_seconds\{service="metrics-test"\}/);
    expect(body).toContain('jobmill_widgets_total{kind="blue",service="metrics-test"} 3');
  });

  it('times requests by route template, method and status, not by raw URL', async () => {
    await fetch(`${base}/things/42`);
    await fetch(`${base}/things/43`);
    await fetch(`${base}/nowhere/at/all`);
    const body = await (await fetch(`${base}/metrics`)).text();
    expect(body).toContain(
      'jobmill_http_request_duration_seconds_count{service="metrics-test",route="/things/:id",method="GET",status_code="200"} 2',
    );
    expect(body).toContain(
      'jobmill_http_request_duration_seconds_count{service="metrics-test",route="unmatched",method="GET",status_code="404"} 1',
    );
    expect(body).not.toContain('/things/42');
  });

  it('leaves event streams out of the request durations', async () => {
    expect(await (await fetch(`${base}/things/7/events`)).text()).toBe('data: 7\n\n');
    await fetch(`${base}/things/7`);
    const body = await (await fetch(`${base}/metrics`)).text();
    expect(body).toContain('route="/things/:id",method="GET"');
    expect(body).not.toContain('/things/:id/events');
  });

  it('returns the same metric when created twice', () => {
    expect(metrics.gauge('g', 'a gauge')).toBe(metrics.gauge('jobmill_g', 'a gauge'));
  });
});

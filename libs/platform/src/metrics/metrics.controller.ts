import { Controller, Get, Header } from '@nestjs/common';
import { metricsRegistry } from './metrics.registry';

/** Serves the process registry in the Prometheus text format. */
@Controller('metrics')
export class MetricsController {
  /** `GET /metrics`. */
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

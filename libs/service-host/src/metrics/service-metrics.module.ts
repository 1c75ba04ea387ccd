import { Module } from '@nestjs/common';
import { Transport } from '@jobmill/transport';
import { registerQueueDepthMetrics } from './queue-depth.metrics';

/** Nest token of the (valueless) queue-depth registration, so Nest runs it once at start-up. */
const QUEUE_DEPTH_METRICS = Symbol('QUEUE_DEPTH_METRICS');

/** Puts the broker's queue depths on the service's /metrics (read when scraped). */
@Module({
  providers: [
    {
      provide: QUEUE_DEPTH_METRICS,
      inject: [Transport],
      useFactory: (transport: Transport): true => {
        registerQueueDepthMetrics(transport.queueDepths, transport.names.deadLetterQueue);
        return true;
      },
    },
  ],
})
export class ServiceMetricsModule {}

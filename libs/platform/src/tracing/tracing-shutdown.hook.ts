import type { OnApplicationShutdown } from '@nestjs/common';
import type { Tracing } from './start-tracing';

/**
 * Flushes the service's buffered spans when the app shuts down: after the job servers drained
 * (beforeApplicationShutdown), so the spans of the last jobs are exported too.
 */
export class TracingShutdownHook implements OnApplicationShutdown {
  constructor(private readonly tracing: Tracing) {}

  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

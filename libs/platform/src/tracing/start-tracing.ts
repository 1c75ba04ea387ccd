import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from './tracing.config';

/** A service's tracing once started: flush and stop it on shutdown. */
export interface Tracing {
  /** Exports the spans still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

const NO_TRACING: Tracing = { shutdown: async () => undefined };

/**
 * Starts tracing as configured. Off, nothing is registered (the OpenTelemetry API stays a no-op)
 * and the SDK is not even loaded: its modules would cost every service about 10 MB of memory.
 */
export async function startTracing(
  config: TracingConfig,
  exporter?: SpanExporter,
): Promise<Tracing> {
  if (!config.enabled) return NO_TRACING;
  const { registerTracerProvider } = await import('./tracer-provider.factory');
  return registerTracerProvider(config, exporter);
}

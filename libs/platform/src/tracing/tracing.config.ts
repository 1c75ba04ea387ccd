import { ConfigError } from '../config/config.error';
import { createEnv, type EnvSource } from '../config/env.reader';
import { parseKeyValues } from './key-value-list.parser';

/** The samplers of OTEL_TRACES_SAMPLER that jobmill honours (the specification's built-in ones). */
export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TraceSampler = (typeof TRACE_SAMPLERS)[number];

/** Where spans go: an OTLP/HTTP (JSON) endpoint, or stdout (for a look without a collector). */
export type TraceExport =
  | {
      readonly kind: 'otlp';
      /** The traces URL, e.g. http://collector:4318/v1/traces. */
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly timeoutMillis: number;
    }
  | { readonly kind: 'console' };

/** The batch span processor's settings (OTEL_BSP_*; the SDK's defaults when unset). */
export interface BatchSettings {
  readonly scheduledDelayMillis: number;
  readonly exportTimeoutMillis: number;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
}

/** A service's tracing, from the standard OTEL_* variables: off unless an exporter is configured. */
export type TracingConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true;
      readonly serviceName: string;
      readonly resourceAttributes: Readonly<Record<string, string>>;
      readonly sampler: TraceSampler;
      /** The ratio of the *traceidratio samplers, 0 to 1. */
      readonly ratio: number;
      readonly export: TraceExport;
      readonly batch: BatchSettings;
    };

/** OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: traces go to its `v1/traces`. */
const tracesUrlOf = (base: string): string => `${base.endsWith('/') ? base : `${base}/`}v1/traces`;

/** Only OTLP over HTTP with JSON bodies is exported (what @opentelemetry/exporter-trace-otlp-http sends). */
function checkProtocol(read: ReturnType<typeof createEnv>): void {
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = read.string(name, 'http/json');
    if (value !== 'http/json')
      throw new ConfigError(
        `${name} must be http/json (OTLP over HTTP, JSON bodies; collectors take it on port 4318), got '${value}'`,
        name,
      );
  }
}

/** The traces URL the variables name, if any: the traces endpoint as given, or the base's. */
function endpointOf(read: ReturnType<typeof createEnv>, source: EnvSource): string | undefined {
  const http = ['http:', 'https:'];
  const named = (name: string) =>
    source[name]?.trim() ? read.url(name, undefined, http) : undefined;
  const traces = named('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const base = named('OTEL_EXPORTER_OTLP_ENDPOINT');
  return traces ?? (base === undefined ? undefined : tracesUrlOf(base));
}

function exportOf(read: ReturnType<typeof createEnv>, source: EnvSource): TraceExport | undefined {
  const exporter = read.enum('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'], 'otlp');
  if (exporter === 'none') return undefined;
  if (exporter === 'console') return { kind: 'console' };
  const url = endpointOf(read, source);
  // Off by default: only a named endpoint, or OTEL_TRACES_EXPORTER=otlp said outright, turns it on.
  const explicit = source['OTEL_TRACES_EXPORTER']?.trim() === 'otlp';
  if (url === undefined && !explicit) return undefined;
  checkProtocol(read);
  return {
    kind: 'otlp',
    url: url ?? tracesUrlOf('http://localhost:4318'),
    headers: {
      ...parseKeyValues('OTEL_EXPORTER_OTLP_HEADERS', source['OTEL_EXPORTER_OTLP_HEADERS']),
      ...parseKeyValues(
        'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
        source['OTEL_EXPORTER_OTLP_TRACES_HEADERS'],
      ),
    },
    timeoutMillis: read.int(
      'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
      read.int('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, { min: 1 }),
      { min: 1 },
    ),
  };
}

function batchOf(read: ReturnType<typeof createEnv>): BatchSettings {
  const maxQueueSize = read.int('OTEL_BSP_MAX_QUEUE_SIZE', 2048, { min: 1 });
  return {
    scheduledDelayMillis: read.int('OTEL_BSP_SCHEDULE_DELAY', 5000, { min: 0 }),
    exportTimeoutMillis: read.int('OTEL_BSP_EXPORT_TIMEOUT', 30_000, { min: 1 }),
    maxQueueSize,
    maxExportBatchSize: read.int('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', Math.min(512, maxQueueSize), {
      min: 1,
      max: maxQueueSize,
    }),
  };
}

function ratioOf(source: EnvSource, sampler: TraceSampler): number {
  const raw = source['OTEL_TRACES_SAMPLER_ARG']?.trim();
  if (!sampler.endsWith('traceidratio') || !raw) return 1;
  const ratio = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
  if (ratio >= 0 && ratio <= 1) return ratio;
  throw new ConfigError(
    `OTEL_TRACES_SAMPLER_ARG must be a ratio between 0 and 1 for ${sampler}, got '${raw}'`,
    'OTEL_TRACES_SAMPLER_ARG',
  );
}

/**
 * Reads the tracing settings of a service from the standard OpenTelemetry variables. A wrong
 * value throws a ConfigError naming the variable (start-up stops: loadConfig).
 */
export function readTracingConfig(serviceName: string, source: EnvSource): TracingConfig {
  const read = createEnv(source);
  if (read.bool('OTEL_SDK_DISABLED', false)) return { enabled: false };
  const sampler = read.enum('OTEL_TRACES_SAMPLER', TRACE_SAMPLERS, 'parentbased_always_on');
  const ratio = ratioOf(source, sampler);
  const resourceAttributes = parseKeyValues(
    'OTEL_RESOURCE_ATTRIBUTES',
    source['OTEL_RESOURCE_ATTRIBUTES'],
  );
  const traceExport = exportOf(read, source);
  const batch = batchOf(read);
  if (!traceExport) return { enabled: false };
  return {
    enabled: true,
    // The specification's order: OTEL_SERVICE_NAME, then service.name among the attributes.
    serviceName: read.string(
      'OTEL_SERVICE_NAME',
      resourceAttributes['service.name'] ?? serviceName,
    ),
    resourceAttributes,
    sampler,
    ratio,
    export: traceExport,
    batch,
  };
}

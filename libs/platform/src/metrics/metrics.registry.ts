import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric name the platform creates starts with this. */
export const METRIC_PREFIX = 'jobmill_';

/** The process-wide registry; `/metrics` serves it. */
export const metricsRegistry = new Registry();

let initialisedFor: string | undefined;

/** Labels every metric with `service` and starts default process metrics; idempotent. */
export function initMetrics(service: string): void {
  if (initialisedFor !== undefined) return;
  initialisedFor = service;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, prefix: METRIC_PREFIX });
}

function prefixed(name: string): string {
  return name.startsWith(METRIC_PREFIX) ? name : `${METRIC_PREFIX}${name}`;
}

/** Returns the registered metric of that name, creating it on first use (safe to call twice). */
function getOrCreate<M>(name: string, create: (fullName: string) => M): M {
  const fullName = prefixed(name);
  const existing = metricsRegistry.getSingleMetric(fullName);
  return existing ? (existing as M) : create(fullName);
}

/** Factories for the registry's metrics; names get the `jobmill_` prefix when missing. */
export const metrics = {
  /** A counter, e.g. `metrics.counter('jobs_submitted_total', 'Jobs submitted', ['type'])`. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return getOrCreate(
      name,
      (n) => new Counter({ name: n, help, labelNames, registers: [metricsRegistry] }),
    );
  },
  /** A histogram; default buckets suit seconds from 5 ms to 10 s. */
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return getOrCreate(
      name,
      (n) =>
        new Histogram({
          name: n,
          help,
          labelNames,
          registers: [metricsRegistry],
          ...(buckets && { buckets }),
        }),
    );
  },
  /** A gauge; `collect` runs (and is awaited) before each scrape, for values read on demand. */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (this: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    return getOrCreate(
      name,
      (n) =>
        new Gauge({
          name: n,
          help,
          labelNames,
          registers: [metricsRegistry],
          ...(collect && { collect }),
        }),
    );
  },
};

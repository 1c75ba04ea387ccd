import type { MetricValueWithName } from 'prom-client';
import { METRIC_PREFIX, metricsRegistry } from './metrics.registry';

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/**
 * The current value of one series of the registry (tests, health checks): `name` with or
 * without the prefix, a histogram's `_bucket`/`_sum`/`_count` included; undefined if absent.
 */
export async function sampleMetric(
  name: string,
  labels: Readonly<Record<string, string | number>> = {},
): Promise<number | undefined> {
  const full = name.startsWith(METRIC_PREFIX) ? name : `${METRIC_PREFIX}${name}`;
  const metric =
    metricsRegistry.getSingleMetric(full) ??
    metricsRegistry.getSingleMetric(full.replace(HISTOGRAM_SERIES, ''));
  // Histograms name each value's series (`_bucket`, ...); counters and gauges leave it out.
  const values: readonly MetricValueWithName<string>[] = (await metric?.get())?.values ?? [];
  const found = values.find(
    (v) =>
      (v.metricName ?? full) === full &&
      Object.entries(labels).every(([key, value]) => String(v.labels[key]) === String(value)),
  );
  return found?.value;
}

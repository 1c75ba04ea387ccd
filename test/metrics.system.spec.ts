import {
  CANARY_SERIES,
  deployMetricNames,
  servedSeriesNames,
  SYNTHETIC_SERIES,
} from '../tools/deploy/deploy-metric-names.util';
import {
  metricValue,
  scrapeExposition,
  scrapeMetrics,
  type Sample,
} from './support/metrics-scrape';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { waitFor } from './support/wait-for';

// One system.ping end to end, then each service's /metrics must show it moved the runtime.

const ping = { type: 'system.ping' };

/** Scrapes until every named series is at least `min` (metrics follow the REST view closely). */
async function scrapeUntil(
  port: number,
  wanted: readonly [name: string, labels: Record<string, string>, min: number][],
): Promise<Sample[]> {
  return waitFor(
    `${wanted.map(([n]) => n).join(', ')} on :${port}/metrics`,
    async () => {
      const samples = await scrapeMetrics(port);
      const ok = wanted.every(
        ([name, labels, min]) => (metricValue(samples, name, labels) ?? -1) >= min,
      );
      return ok ? samples : undefined;
    },
    10_000,
    200,
  );
}

describe(`runtime metrics (${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  it('count a system.ping on the api, the worker and the status service', async () => {
    const { api, services } = platform;
    const accepted = await api.submit('system.ping', {});
    expect((await api.waitForTerminal(accepted.id, 30_000)).status).toBe('SUCCEEDED');

    await scrapeUntil(services.api.port, [['jobmill_jobs_submitted_total', ping, 1]]);

    const worker = await scrapeUntil(services['detection-worker'].port, [
      ['jobmill_jobs_started_total', ping, 1],
      ['jobmill_jobs_succeeded_total', ping, 1],
      ['jobmill_job_duration_seconds_count', { ...ping, outcome: 'succeeded' }, 1],
      ['jobmill_job_queue_wait_seconds_count', ping, 1],
      ['jobmill_amqp_messages_consumed_total', {}, 1],
      ['jobmill_amqp_messages_published_total', {}, 1],
      ['jobmill_amqp_publish_confirm_seconds_count', {}, 1],
      ['jobmill_sql_statements_total', {}, 1],
    ]);
    const detectionQueue = { queue: `${platform.env.topologyPrefix}jobs.detection` };
    expect(metricValue(worker, 'jobmill_job_slots', detectionQueue)).toBeGreaterThanOrEqual(1);
    expect(metricValue(worker, 'jobmill_jobs_in_flight', detectionQueue)).toBe(0);
    expect(metricValue(worker, 'jobmill_queue_depth', detectionQueue)).toBe(0);
    expect(metricValue(worker, 'jobmill_queue_consumers', detectionQueue)).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricValue(worker, 'jobmill_dead_letter_depth')).toBeGreaterThanOrEqual(0);
    expect(metricValue(worker, 'jobmill_jobs_failed_total', ping) ?? 0).toBe(0);

    await scrapeUntil(services.status.port, [
      // queued (the command's copy), started, succeeded
      ['jobmill_events_projected_total', {}, 3],
      ['jobmill_projection_lag_seconds_count', { event: 'succeeded' }, 1],
      ['jobmill_amqp_messages_consumed_total', {}, 1],
      ['jobmill_sql_statements_total', {}, 1],
    ]);
  });

  it("serves every metric that deploy/'s alert rules and Grafana dashboard query", async () => {
    const ports = [...new Set(Object.values(platform.services).map((s) => s.port))];
    // A request first, as HTTP timings are made on first use (the ping above made the rest).
    for (const port of ports) await fetch(`http://127.0.0.1:${port}/health/live`);
    const served = new Set<string>();
    for (const port of ports)
      for (const name of servedSeriesNames(await scrapeExposition(port))) served.add(name);
    const used = deployMetricNames();
    expect(used.size).toBeGreaterThan(20);
    // The canary's series come only with CANARY_INTERVAL_MS, off here: test/canary.system.spec.ts.
    const offHere = (name: string) => SYNTHETIC_SERIES.has(name) || name.startsWith(CANARY_SERIES);
    const missing = [...used]
      .filter(([name]) => !served.has(name) && !offHere(name))
      .map(([name, where]) => `${name} (${where.join(', ')})`);
    expect(missing).toEqual([]);
    expect([...served].filter((name) => name.startsWith(CANARY_SERIES))).toEqual([]);
  });
});

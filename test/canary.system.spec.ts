import {
  CANARY_SERIES,
  deployMetricNames,
  servedSeriesNames,
} from '../tools/deploy/deploy-metric-names.util';
import { canaryFiguresWhen } from './support/canary-metrics';
import { scrapeExposition } from './support/metrics-scrape';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';

// The API's canary: a system.ping of its own tenant, submitted every CANARY_INTERVAL_MS and
// watched to SUCCEEDED in the read model, counted on /metrics.

describe(`the canary (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { CANARY_INTERVAL_MS: '200' } });

  it('runs system.ping jobs end to end and counts each success with its duration', async () => {
    const startedAt = Date.now();
    const figures = await canaryFiguresWhen(
      platform.services.api.port,
      'three canary successes',
      (f) => f.succeeded >= 3,
    );
    expect(figures).toMatchObject({ failed: 0, timedOut: 0, refused: 0 });
    expect(figures.timed).toBe(figures.succeeded);
    expect(figures.lastSuccessMs).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(figures.lastSuccessMs).toBeLessThanOrEqual(Date.now());
  });

  it("keeps its jobs in its own tenant, out of the API keys' tenants' sight", async () => {
    const res = await platform.api.request('GET', '/v1/jobs?type=system.ping');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it("serves the canary series that deploy/'s alert rules and dashboard query", async () => {
    const served = servedSeriesNames(await scrapeExposition(platform.services.api.port));
    const used = [...deployMetricNames().keys()].filter((n) => n.startsWith(CANARY_SERIES));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !served.has(name))).toEqual([]);
  });
});

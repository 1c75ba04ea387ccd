import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ALERT_RULES,
  alertRules,
  DASHBOARD,
  dashboardPanels,
  DEPLOY_DIR,
  deployMetricNames,
  metricNamesOf,
} from './deploy-metric-names.util';

// deploy/'s Prometheus and Grafana files: promtool must accept and pass them, the dashboard must
// load into any Grafana with a Prometheus data source. Whether their metric names exist is
// checked against real /metrics in test/metrics.system.spec.ts.

/** Runs promtool; CI installs it (Debian's `prometheus` package), so a missing one fails. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: DEPLOY_DIR, encoding: 'utf8' });
  if (run.error) {
    throw new Error(`promtool did not run (${run.error.message}): apt-get install prometheus`);
  }
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('Prometheus files in deploy/', () => {
  it('promtool accepts the alert rules', () => {
    const run = promtool('check', 'rules', ALERT_RULES);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it("passes the rules' promtool unit tests (each alert fires, and stays quiet on near misses)", () => {
    const run = promtool('test', 'rules', 'prometheus/alert-rules.test.yml');
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it('promtool accepts the example scrape config, which loads the rules', () => {
    const run = promtool('check', 'config', 'prometheus/prometheus.example.yml');
    expect(run.output).toContain('SUCCESS: 1 rule files found');
    expect(run.status).toBe(0);
  });

  it('has a promtool test for every alert', () => {
    const tests = readFileSync(path.join(DEPLOY_DIR, 'prometheus/alert-rules.test.yml'), 'utf8');
    const untested = alertRules().filter(({ alert }) => !tests.includes(`alertname: ${alert}\n`));
    expect(untested.map((r) => r.alert)).toEqual([]);
  });
});

describe('Grafana dashboard in deploy/', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    schemaVersion: number;
    templating: { list: { name: string; type: string; query: string }[] };
  };

  it('picks its Prometheus data source from a variable, never a fixed uid', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    const queried = dashboardPanels().filter((p) => p.type !== 'row');
    const sources = queried.flatMap((p) => [
      p.datasource,
      ...(p.targets ?? []).map((t) => t.datasource),
    ]);
    expect(sources.length).toBeGreaterThan(queried.length);
    for (const source of sources)
      expect(source).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  it('has every panel that an alert tells the operator to look at', () => {
    const titles = new Set(dashboardPanels().map((p) => p.title));
    const rules = readFileSync(ALERT_RULES, 'utf8');
    const descriptions = [...rules.matchAll(/description: >-\n((?: {12}.*\n)+)/g)].map((m) => m[1]);
    const cited = descriptions.flatMap((d) =>
      [...(d ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    );
    expect(cited.length).toBeGreaterThan(5);
    expect(cited.filter((title) => !titles.has(title ?? ''))).toEqual([]);
  });

  it('queries metrics in every panel', () => {
    const empty = dashboardPanels().filter(
      (p) => p.type !== 'row' && !(p.targets ?? []).some((t) => (t.expr ?? '') !== ''),
    );
    expect(empty.map((p) => p.title)).toEqual([]);
  });
});

describe('metricNamesOf', () => {
  it('finds metric names, not functions, labels, strings or ranges', () => {
    expect(
      metricNamesOf(
        'histogram_quantile(0.95, sum by (le, type) (rate(jobmill_x_bucket{route!~"/a.*",le="+Inf"}[$__rate_interval])))' +
          ' / on (queue) group_left max by (queue) (jobmill_y) > 400 * 1024 and up{job=~"j.*"} == 0',
      ).sort(),
    ).toEqual(['jobmill_x_bucket', 'jobmill_y', 'up']);
    expect(metricNamesOf('sum(rate(jobmil_misspelt_total[5m])) by (type) > bool 0.1')).toEqual([
      'jobmil_misspelt_total',
    ]);
  });

  it('reads the names of the rules and the dashboard', () => {
    const names = deployMetricNames();
    expect(names.get('jobmill_queue_depth')).toEqual(
      expect.arrayContaining(['alert JobmillQueueBacklog', 'panel "Queue depth"']),
    );
    expect(names.has('jobmill_process_resident_memory_bytes')).toBe(true);
    expect([...names.keys()].filter((n) => !/^(jobmill_[a-z0-9_]+|up)$/.test(n))).toEqual([]);
  });
});

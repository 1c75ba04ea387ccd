// The metric names that deploy/'s alert rules and Grafana dashboard query, so tests can hold
// them against what the services really serve on /metrics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository's deploy/ folder. */
export const DEPLOY_DIR = path.resolve(__dirname, '../../deploy');
/** The alert rules Prometheus loads. */
export const ALERT_RULES = path.join(DEPLOY_DIR, 'prometheus/alert-rules.yml');
/** The Grafana dashboard. */
export const DASHBOARD = path.join(DEPLOY_DIR, 'grafana/jobmill-dashboard.json');

/** Series Prometheus makes itself for each target; no service serves them. */
export const SYNTHETIC_SERIES: ReadonlySet<string> = new Set(['up']);

/** The prefix of the canary's series, which only an API with CANARY_INTERVAL_MS serves. */
export const CANARY_SERIES = 'jobmill_canary_';

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);
// Clauses whose parentheses hold label names, not expressions.
const LABEL_LISTS = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;
const IDENTIFIER = /(?<![\w.:$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w.])/g;

/**
 * The metric names of a PromQL expression: identifiers that are not functions, aggregations,
 * operators, label names or text inside strings, label matchers and ranges.
 */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(LABEL_LISTS, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(IDENTIFIER)) {
    const name = match[0];
    const next = bare.slice((match.index ?? 0) + name.length).trimStart();
    if (!next.startsWith('(') && !KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
}

/** The alert rules: each alert's name and expression. */
export function alertRules(file = ALERT_RULES): { alert: string; expr: string }[] {
  const rules = parse(readFileSync(file, 'utf8')) as RuleFile;
  return rules.groups.flatMap((group) =>
    group.rules.map((rule) => ({ alert: rule.alert ?? rule.record ?? '', expr: rule.expr })),
  );
}

/** A Grafana panel as far as these checks read it. */
export interface DashboardPanel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { type?: string; uid?: string } }[];
  panels?: DashboardPanel[];
}

/** Every panel of the dashboard, those inside rows included. */
export function dashboardPanels(file = DASHBOARD): DashboardPanel[] {
  const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { panels: DashboardPanel[] };
  const flat = (panels: DashboardPanel[]): DashboardPanel[] =>
    panels.flatMap((p) => [p, ...flat(p.panels ?? [])]);
  return flat(dashboard.panels);
}

/** Each metric name the rules and the dashboard query, with where it is used. */
export function deployMetricNames(): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (expr: string, where: string): void => {
    for (const name of metricNamesOf(expr)) uses.set(name, [...(uses.get(name) ?? []), where]);
  };
  for (const rule of alertRules()) add(rule.expr, `alert ${rule.alert}`);
  for (const panel of dashboardPanels())
    for (const target of panel.targets ?? []) add(target.expr ?? '', `panel "${panel.title}"`);
  return uses;
}

/**
 * The series names a /metrics text serves: each `# TYPE` family (present even before it has a
 * sample), and a histogram's `_bucket`, `_sum` and `_count`.
 */
export function servedSeriesNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (name === undefined) continue;
    names.add(name);
    if (type === 'histogram' || type === 'summary')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

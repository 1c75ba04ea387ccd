import { createHash } from 'node:crypto';
import { JOB_STATES, JOB_TYPE_SCHEMAS, TERMINAL_STATES, type JobType } from '@jobmill/contracts';
import { FAVICON_SVG } from './assets/favicon.asset';
import { PAGE_HTML } from './assets/page.asset';
import { ACCESS_SCRIPT } from './assets/script/access.script';
import { ADMIN_SCRIPT } from './assets/script/admin.script';
import { API_SCRIPT } from './assets/script/api.script';
import { BULK_SCRIPT } from './assets/script/bulk.script';
import { CHARTS_SCRIPT } from './assets/script/charts.script';
import { DETAIL_SCRIPT } from './assets/script/detail.script';
import { DOM_SCRIPT } from './assets/script/dom.script';
import { JOB_TYPES_SCRIPT } from './assets/script/job-types.script';
import { JOBS_SCRIPT } from './assets/script/jobs.script';
import { LIVE_SCRIPT } from './assets/script/live.script';
import { MAIN_SCRIPT } from './assets/script/main.script';
import { OPS_SCRIPT } from './assets/script/ops.script';
import { OUTCOME_SCRIPT } from './assets/script/outcome.script';
import { SCHEDULES_SCRIPT } from './assets/script/schedules.script';
import { SEARCH_SCRIPT } from './assets/script/search.script';
import { SUBMIT_SCRIPT } from './assets/script/submit.script';
import { SVG_SCRIPT } from './assets/script/svg.script';
import { WAVEFORM_SCRIPT } from './assets/script/waveform.script';
import { STYLE_CSS } from './assets/style.asset';

/** A file the dashboard serves, held in memory (the build ships only compiled .ts). */
export interface DashboardAsset {
  readonly contentType: string;
  readonly body: string;
  readonly etag: string;
}

/** The parts of the script, in the order they are concatenated; the last one starts the page. */
export const SCRIPT_PARTS: readonly string[] = [
  API_SCRIPT,
  DOM_SCRIPT,
  SVG_SCRIPT,
  ACCESS_SCRIPT,
  SEARCH_SCRIPT,
  JOBS_SCRIPT,
  LIVE_SCRIPT,
  DETAIL_SCRIPT,
  OUTCOME_SCRIPT,
  WAVEFORM_SCRIPT,
  SUBMIT_SCRIPT,
  SCHEDULES_SCRIPT,
  BULK_SCRIPT,
  CHARTS_SCRIPT,
  ADMIN_SCRIPT,
  JOB_TYPES_SCRIPT,
  OPS_SCRIPT,
  MAIN_SCRIPT,
];

/** The subset of JSON Schema that option docs are made of. */
interface OptionSchema {
  readonly type?: string;
  readonly description?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
}

function describeOption(schema: OptionSchema): string {
  const range = schema.enum
    ? `one of ${schema.enum.join(', ')}`
    : schema.minimum !== undefined && schema.maximum !== undefined
      ? `${schema.minimum} to ${schema.maximum}`
      : '';
  const kind = [schema.type, range].filter(Boolean).join(', ');
  return `(${kind}) ${schema.description ?? ''}`.trim();
}

/** Each job type's `input.options`, documented from the schemas the API validates with. */
export function optionDocs(): Record<string, Array<{ name: string; text: string }>> {
  return Object.fromEntries(
    Object.entries(JOB_TYPE_SCHEMAS).map(([type, { input }]) => {
      const options = (
        input as { properties?: { options?: { properties?: Record<string, OptionSchema> } } }
      ).properties?.options?.properties;
      const docs = Object.entries(options ?? {}).map(([name, schema]) => ({
        name,
        text: describeOption(schema),
      }));
      return [type as JobType, docs];
    }),
  );
}

/** The subset of JSON Schema an input is made of, for the fields the form asks for. */
interface InputSchema {
  readonly required?: readonly string[];
  readonly properties?: Record<string, OptionSchema>;
}

/**
 * Each job type's required `input` fields besides `uploadId` (the form's file gives that one),
 * e.g. the `segments` of `processing.clips`, from the schemas the API validates with.
 */
export function inputFieldDocs(): Record<string, Array<{ name: string; text: string }>> {
  return Object.fromEntries(
    Object.entries(JOB_TYPE_SCHEMAS).map(([type, { input }]) => {
      const { required = [], properties = {} } = input as InputSchema;
      const docs = required
        .filter((name) => name !== 'uploadId')
        .map((name) => ({ name, text: describeOption(properties[name] ?? {}) }));
      return [type as JobType, docs];
    }),
  );
}

/** What the script takes from the contracts, so that states and options never drift. */
function prelude(): string {
  const active = JOB_STATES.filter((state) => !TERMINAL_STATES.includes(state));
  return [
    `var STATUSES = ${JSON.stringify(JOB_STATES)};`,
    `var ACTIVE = ${JSON.stringify(active)};`,
    `var OPTION_DOCS = ${JSON.stringify(optionDocs())};`,
    `var INPUT_DOCS = ${JSON.stringify(inputFieldDocs())};`,
  ].join('\n');
}

/** The whole script: one strict function scope, so nothing leaks onto `window`. */
export function dashboardScript(): string {
  return ['(function () {', "'use strict';", prelude(), ...SCRIPT_PARTS, '})();', ''].join('\n');
}

const asset = (contentType: string, body: string): DashboardAsset => ({
  contentType,
  body,
  etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 24)}"`,
});

/** Every file of the dashboard, by the name it is served under (`page` is /dashboard). */
export const DASHBOARD_ASSETS = {
  page: asset('text/html; charset=utf-8', PAGE_HTML),
  script: asset('text/javascript; charset=utf-8', dashboardScript()),
  style: asset('text/css; charset=utf-8', STYLE_CSS),
  icon: asset('image/svg+xml', FAVICON_SVG),
} as const satisfies Record<string, DashboardAsset>;

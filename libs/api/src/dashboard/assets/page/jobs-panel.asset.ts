import { JOB_STATES, JOB_TYPES } from '@jobmill/contracts';
import { options } from './markup.util';

/** Counts by status and the last hour's activity (three charts the script draws as SVG). */
export const OVERVIEW_HTML = `
  <section id="overview" class="panel" aria-labelledby="overview-title" hidden>
    <h2 id="overview-title">Jobs by status</h2>
    <ul id="summary-list" class="tiles"></ul>
  </section>
  <section id="charts" class="panel" aria-labelledby="charts-title" hidden>
    <div class="panel-head">
      <h2 id="charts-title">Last hour <span class="small muted">per minute</span></h2>
      <span id="charts-updated" class="small muted"></span>
    </div>
    <div id="charts-error" class="error" role="alert" hidden></div>
    <div class="charts">
      <figure><figcaption>Throughput: <span class="key key-submitted">submitted</span> <span class="key key-succeeded">succeeded</span></figcaption><div id="chart-throughput" class="chart"></div></figure>
      <figure><figcaption>Failures: <span class="key key-failed">failed</span> <span class="key key-cancelled">cancelled</span></figcaption><div id="chart-failures" class="chart"></div></figure>
      <figure><figcaption>Queue wait: <span class="key key-p50">p50</span> <span class="key key-p95">p95</span></figcaption><div id="chart-wait" class="chart"></div></figure>
    </div>
  </section>`;

/**
 * Job search (id or id prefix, type, status, created between, tenant for admins), the matching
 * jobs, and bulk actions on everything the search matches.
 */
export const JOBS_HTML = `
  <section id="jobs-panel" class="panel" aria-labelledby="jobs-title" hidden>
    <div class="panel-head">
      <h2 id="jobs-title" tabindex="-1">Jobs</h2>
      <span id="live-state" class="live small" role="status">not live</span>
    </div>
    <form id="search-form" class="search" autocomplete="off" role="search" aria-label="Search jobs">
      <label>Job id <input id="search-id" type="search" spellcheck="false" placeholder="id or first 4+ hex digits" maxlength="36"></label>
      <label>Status <select id="filter-status"><option value="">any</option>${options(JOB_STATES)}</select></label>
      <label>Type <select id="filter-type"><option value="">any</option>${options(['pipeline', ...JOB_TYPES])}</select></label>
      <label>Created after <input id="search-after" type="datetime-local" step="1"></label>
      <label>Created before <input id="search-before" type="datetime-local" step="1"></label>
      <label class="needs-admin">Tenant <input id="search-tenant" type="text" spellcheck="false" placeholder="all tenants"></label>
      <div class="search-buttons">
        <button type="submit" id="search-button">Search</button>
        <button type="button" id="search-clear" class="secondary">Clear</button>
      </div>
    </form>
    <div class="toolbar bulk needs-write">
      <span class="small muted">Everything this search matches:</span>
      <button type="button" id="bulk-cancel" class="danger">Cancel all…</button>
      <button type="button" id="bulk-retry">Retry all…</button>
      <span id="bulk-status" class="small" role="status"></span>
    </div>
    <div id="jobs-error" class="error" role="alert" hidden></div>
    <div class="table-wrap">
      <table class="jobs">
        <caption class="visually-hidden">Jobs matching the search, newest first</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col" class="opt">Progress</th><th scope="col" class="opt">Attempt</th><th scope="col">Created</th><th scope="col" class="opt">Duration</th><th scope="col" class="opt">Stalled</th></tr></thead>
        <tbody id="jobs-body"></tbody>
      </table>
    </div>
    <p id="jobs-empty" class="muted">Loading…</p>
    <div class="panel-foot">
      <button type="button" id="jobs-more" class="secondary" hidden>More</button>
      <span id="jobs-updated" class="small muted"></span>
    </div>
  </section>`;

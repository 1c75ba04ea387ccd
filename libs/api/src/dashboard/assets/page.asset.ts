import {
  DEFAULT_PRIORITY,
  JOB_PRIORITIES,
  JOB_STATES,
  JOB_TYPES,
  jobOptionsProperties,
} from '@jobmill/contracts';

const attempts = jobOptionsProperties.maxAttempts;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const options = (values: readonly string[]): string =>
  values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');

/**
 * The dashboard's one page. Inputs carry no `name` and CSP forbids form submission, so a key
 * can never leave in a URL even before the script has loaded; the script does all requests.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>jobmill dashboard</title>
<link rel="icon" href="/dashboard/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/dashboard/dashboard.css">
<script src="/dashboard/dashboard.js" defer></script>
</head>
<body>
<a class="skip" href="#jobs-title">Skip to jobs</a>
<header class="top">
  <h1>jobmill <span class="muted">dashboard</span></h1>
  <form id="key-form" class="keys" autocomplete="off">
    <label>API key
      <input id="api-key" type="password" spellcheck="false" autocomplete="off" aria-describedby="key-hint">
    </label>
    <label>Admin key <span class="muted">(optional)</span>
      <input id="admin-key" type="password" spellcheck="false" autocomplete="off" aria-describedby="key-hint">
    </label>
    <button type="submit">Connect</button>
    <button type="button" id="forget" class="secondary">Forget keys</button>
  </form>
  <p id="key-hint" class="small muted">Keys stay in this browser tab (session storage) and are sent only as an Authorization header.</p>
  <p id="connection" class="small" role="status"></p>
  <div id="key-error" class="error" role="alert" hidden></div>
</header>
<noscript><p class="error">The dashboard needs JavaScript. The REST API is described at <a href="/docs">/docs</a>.</p></noscript>
<div id="banner" class="error banner" role="alert" hidden></div>
<section id="getting-started" class="panel" aria-labelledby="start-title">
  <h2 id="start-title">Getting started</h2>
  <p>Enter an API key above: one of the keys in <code>API_KEYS</code> (<code>tenant:key</code> pairs). Started with <code>npm start</code> and no <code>API_KEYS</code>, the key is <code>demo-key-123</code>.</p>
  <p>The dashboard then shows your tenant's jobs, lets you upload a WAV file and run a job on it, and follows each job to its result. A key listed in <code>ADMIN_API_KEYS</code> also shows the dead letters.</p>
  <p>Everything here uses the REST API; see <a href="/docs">/docs</a> to script it.</p>
</section>
<main class="layout">
<div class="column">
  <section id="overview" class="panel" aria-labelledby="overview-title" hidden>
    <h2 id="overview-title">Jobs by status</h2>
    <ul id="summary-list" class="tiles"></ul>
  </section>
  <section id="jobs-panel" class="panel" aria-labelledby="jobs-title" hidden>
    <div class="panel-head">
      <h2 id="jobs-title" tabindex="-1">Newest jobs</h2>
      <div class="toolbar">
        <label>Status <select id="filter-status"><option value="">any</option>${options(JOB_STATES)}</select></label>
        <label>Type <select id="filter-type"><option value="">any</option>${options(JOB_TYPES)}</select></label>
        <label class="check"><input type="checkbox" id="auto-refresh" checked> Refresh every 5 s</label>
        <button type="button" id="refresh-now" class="secondary">Refresh now</button>
      </div>
    </div>
    <div id="jobs-error" class="error" role="alert" hidden></div>
    <div class="table-wrap">
      <table class="jobs">
        <caption class="visually-hidden">The tenant's jobs, newest first</caption>
        <thead><tr><th scope="col">Job</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Attempt</th><th scope="col">Created</th><th scope="col">Duration</th><th scope="col">Stalled</th></tr></thead>
        <tbody id="jobs-body"></tbody>
      </table>
    </div>
    <p id="jobs-empty" class="muted">Loading…</p>
    <div class="panel-foot">
      <button type="button" id="jobs-more" class="secondary" hidden>More</button>
      <span id="jobs-updated" class="small muted"></span>
    </div>
  </section>
</div>
<div class="column">
  <section id="detail" class="panel" aria-labelledby="detail-title" hidden>
    <div class="panel-head">
      <h2 id="detail-title" tabindex="-1">Job <code id="detail-id"></code></h2>
      <button type="button" id="detail-close" class="secondary" aria-label="Close job details">Close</button>
    </div>
    <div id="detail-error" class="error" role="alert" hidden></div>
    <div class="toolbar">
      <button type="button" id="detail-cancel" class="danger" hidden>Cancel job</button>
      <button type="button" id="detail-retry" hidden>Retry job</button>
      <button type="button" id="detail-download" hidden>Download output</button>
      <span id="detail-action-status" class="small" role="status"></span>
    </div>
    <dl id="detail-fields" class="fields"></dl>
    <div id="detail-outcome"></div>
    <details><summary>Input, result and error as JSON</summary><pre id="detail-json"></pre></details>
    <h3>History</h3>
    <div class="table-wrap">
      <table class="history">
        <caption class="visually-hidden">Events of this job, oldest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Attempt</th><th scope="col">Details</th></tr></thead>
        <tbody id="detail-history"></tbody>
      </table>
    </div>
  </section>
  <section id="submit" class="panel" aria-labelledby="submit-title" hidden>
    <h2 id="submit-title">Submit a job</h2>
    <form id="submit-form" class="stack" autocomplete="off">
      <label>WAV file <input id="submit-file" type="file" accept=".wav,audio/wav,audio/x-wav,audio/wave" required></label>
      <label>Job type <select id="submit-type">${options(JOB_TYPES)}</select></label>
      <label>Options (JSON object)
        <textarea id="submit-options" rows="3" spellcheck="false" aria-describedby="submit-options-hint"></textarea>
      </label>
      <div id="submit-options-hint" class="small muted"></div>
      <div id="submit-input-block" class="stack" hidden>
        <label>Input fields (JSON object)
          <textarea id="submit-input" rows="3" spellcheck="false" aria-describedby="submit-input-hint"></textarea>
        </label>
        <div id="submit-input-hint" class="small muted"></div>
      </div>
      <label>Max attempts <span class="muted">(optional, ${attempts.minimum}–${attempts.maximum})</span>
        <input id="submit-attempts" type="number" min="${attempts.minimum}" max="${attempts.maximum}" step="1" inputmode="numeric">
      </label>
      <label>Priority <span class="muted">(waiting jobs start high first, then normal, then low)</span>
        <select id="submit-priority">${options(JOB_PRIORITIES).replace(`value="${DEFAULT_PRIORITY}"`, `value="${DEFAULT_PRIORITY}" selected`)}</select>
      </label>
      <label>Dedup key <span class="muted">(optional: while a job with this key is unfinished, it is shown instead)</span>
        <input id="submit-dedup-key" type="text" maxlength="200" spellcheck="false">
      </label>
      <label>Retention <span class="muted">(optional, e.g. 1h or 2d; at most JOB_RETENTION)</span>
        <input id="submit-retention" type="text" pattern="${jobOptionsProperties.retention.pattern}" spellcheck="false">
      </label>
      <label>Run at <span class="muted">(optional: PENDING until then)</span>
        <input id="submit-run-at" type="datetime-local" step="1">
      </label>
      <div><button type="submit" id="submit-button">Upload and submit</button></div>
    </form>
    <p id="submit-status" class="small" role="status"></p>
    <div id="submit-error" class="error" role="alert" hidden></div>
  </section>
  <section id="schedules" class="panel" aria-labelledby="schedules-title" hidden>
    <h2 id="schedules-title" tabindex="-1">Schedules</h2>
    <div class="table-wrap">
      <table class="schedules">
        <caption class="visually-hidden">The tenant's schedules, newest first</caption>
        <thead><tr><th scope="col">Schedule</th><th scope="col">Cron</th><th scope="col">Zone</th><th scope="col">Job type</th><th scope="col">Next run</th><th scope="col">Last run</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody id="schedules-body"></tbody>
      </table>
    </div>
    <p id="schedules-empty" class="muted" hidden>No schedules.</p>
    <form id="schedule-form" class="stack" autocomplete="off">
      <label>Cron <span class="muted">(5 fields, or 6 with seconds first)</span>
        <input id="schedule-cron" type="text" spellcheck="false" required placeholder="0 9 * * 1-5">
      </label>
      <label>Time zone <span class="muted">(IANA, default UTC)</span>
        <input id="schedule-timezone" type="text" spellcheck="false" placeholder="Europe/Paris">
      </label>
      <label>Job type <select id="schedule-type">${options(JOB_TYPES)}</select></label>
      <label>Input (JSON object)
        <textarea id="schedule-input" rows="2" spellcheck="false" placeholder='{"uploadId": "…"}'></textarea>
      </label>
      <div><button type="submit" id="schedule-button">Create schedule</button></div>
    </form>
    <p id="schedule-status" class="small" role="status"></p>
    <div id="schedule-error" class="error" role="alert" hidden></div>
  </section>
</div>
</main>
<section id="admin" class="panel wide" aria-labelledby="admin-title" hidden>
  <div class="panel-head">
    <h2 id="admin-title" tabindex="-1">Dead letters <span id="dead-letters-count" class="small muted"></span></h2>
    <div class="toolbar">
      <button type="button" id="dead-letters-refresh" class="secondary">Refresh</button>
      <button type="button" id="requeue-all">Requeue all</button>
    </div>
  </div>
  <p class="small muted">Messages that could not be handled, oldest first. Requeueing a failed job's command retries the job as a new attempt; anything else goes back to the queue it came from.</p>
  <div id="admin-error" class="error" role="alert" hidden></div>
  <p id="admin-status" class="small" role="status"></p>
  <div class="table-wrap">
    <table class="dead-letters">
      <caption class="visually-hidden">Dead-lettered messages</caption>
      <thead><tr><th scope="col">Message</th><th scope="col">Job</th><th scope="col">Tenant</th><th scope="col">Type</th><th scope="col">Code</th><th scope="col">Reason</th><th scope="col">Attempts</th><th scope="col">From queue</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
      <tbody id="dead-letters-body"></tbody>
    </table>
  </div>
  <p id="dead-letters-empty" class="muted" hidden>No dead letters.</p>
</section>
<footer class="small muted">
  <a href="/docs">REST API docs</a> · <a href="/asyncapi.json">AsyncAPI</a> · <a href="/health/ready">Readiness</a> · <a href="/metrics">Metrics</a>
</footer>
</body>
</html>
`;

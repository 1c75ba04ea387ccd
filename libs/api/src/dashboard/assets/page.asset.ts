import { DETAIL_HTML } from './page/detail-panel.asset';
import { FORMS_HTML } from './page/forms-panel.asset';
import { JOBS_HTML, OVERVIEW_HTML } from './page/jobs-panel.asset';
import { OPS_HTML } from './page/ops-panel.asset';

/**
 * The dashboard's one page. Inputs carry no `name` and CSP forbids form submission, so a key
 * can never leave in a URL even before the script has loaded; the script does all requests.
 * Parts marked `needs-write` show only to keys that may change jobs, `needs-admin` only to
 * keys with the admin scope (the body's classes say which, see the stylesheet).
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
    <div class="key-buttons">
      <button type="submit">Connect</button>
      <button type="button" id="forget" class="secondary">Forget keys</button>
    </div>
  </form>
  <p id="key-hint" class="small muted">Keys stay in this browser tab (session storage) and are sent only as an Authorization header.</p>
  <p id="connection" class="small" role="status"></p>
  <p id="access-note" class="small muted" hidden></p>
  <div id="key-error" class="error" role="alert" hidden></div>
</header>
<noscript><p class="error">The dashboard needs JavaScript. The REST API is described at <a href="/docs">/docs</a>.</p></noscript>
<div id="banner" class="error banner" role="alert" hidden></div>
<section id="getting-started" class="panel" aria-labelledby="start-title">
  <h2 id="start-title">Getting started</h2>
  <p>Enter an API key above: one of the keys in <code>API_KEYS</code> (<code>tenant:key</code> pairs). Started with <code>npm start</code> and no <code>API_KEYS</code>, the key is <code>demo-key-123</code>.</p>
  <p>The dashboard then shows your tenant's jobs as they change, lets you search them, upload a WAV file and run a job on it, and follows each job to its result. A key with the admin scope (<code>ADMIN_API_KEYS</code>) also shows queues, workers and dead letters, pauses job types and acts on many jobs at once; without it, those stay hidden.</p>
  <p>Everything here uses the REST API; see <a href="/docs">/docs</a> to script it.</p>
</section>
<main class="layout">
<div class="column">
${OVERVIEW_HTML}
${JOBS_HTML}
</div>
<div class="column">
${DETAIL_HTML}
${FORMS_HTML}
</div>
</main>
${OPS_HTML}
<footer class="small muted">
  <a href="/docs">REST API docs</a> · <a href="/asyncapi.json">AsyncAPI</a> · <a href="/health/ready">Readiness</a> · <a href="/metrics">Metrics</a>
</footer>
</body>
</html>
`;

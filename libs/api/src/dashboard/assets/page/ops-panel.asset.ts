import { JOB_TYPES } from '@jobmill/contracts';
import { options } from './markup.util';

/**
 * For admin keys: queues (depth, rates, consumers), pause and resume by job type, worker
 * instances, and the dead letters. Each part hides itself when its endpoint is not there.
 */
export const OPS_HTML = `
<section id="ops" class="panel wide needs-admin" aria-labelledby="ops-title" hidden>
  <div class="panel-head">
    <h2 id="ops-title" tabindex="-1">Queues and workers</h2>
    <span id="ops-updated" class="small muted"></span>
  </div>
  <div id="ops-error" class="error" role="alert" hidden></div>
  <div id="queues-part">
    <h3>Queues <span id="dead-letter-depth" class="small muted"></span></h3>
    <div class="table-wrap">
      <table class="queues">
        <caption class="visually-hidden">Queues by job type and priority</caption>
        <thead><tr><th scope="col">Job type</th><th scope="col" class="opt">Queue</th><th scope="col">Priority</th><th scope="col" class="num">Depth</th><th scope="col" class="num">In /min</th><th scope="col" class="num">Out /min</th><th scope="col" class="num opt">Consumers</th></tr></thead>
        <tbody id="queues-body"></tbody>
      </table>
    </div>
  </div>
  <div id="job-types-part">
    <h3>Job types</h3>
    <p class="small muted">Pausing a type stops its workers taking new jobs within about a second; running jobs finish, new ones wait in the queue.</p>
    <span id="job-types-status" class="small" role="status"></span>
    <div class="table-wrap">
      <table class="job-types">
        <caption class="visually-hidden">Job types and whether they are paused</caption>
        <thead><tr><th scope="col">Job type</th><th scope="col">State</th><th scope="col">Since</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody id="job-types-body"></tbody>
      </table>
    </div>
  </div>
  <div id="workers-part">
    <h3>Workers</h3>
    <div class="table-wrap">
      <table class="workers">
        <caption class="visually-hidden">Worker instances and their pools</caption>
        <thead><tr><th scope="col">Instance</th><th scope="col" class="opt">Service</th><th scope="col" class="opt">Job types</th><th scope="col">Pool in use</th><th scope="col">Last heartbeat</th></tr></thead>
        <tbody id="workers-body"></tbody>
      </table>
    </div>
    <p id="workers-empty" class="muted" hidden>No worker has reported in the last hour.</p>
  </div>
</section>
<section id="admin" class="panel wide needs-admin" aria-labelledby="admin-title" hidden>
  <div class="panel-head">
    <h2 id="admin-title" tabindex="-1">Dead letters <span id="dead-letters-count" class="small muted"></span></h2>
    <div class="toolbar">
      <button type="button" id="dead-letters-refresh" class="secondary">Refresh</button>
      <label>Job type <select id="requeue-type"><option value="">all</option>${options(JOB_TYPES)}</select></label>
      <button type="button" id="requeue-all">Requeue…</button>
    </div>
  </div>
  <p class="small muted">Messages that could not be handled, oldest first. Requeueing a failed job's command retries the job as a new attempt; anything else goes back to the queue it came from.</p>
  <div id="admin-error" class="error" role="alert" hidden></div>
  <p id="admin-status" class="small" role="status"></p>
  <div class="table-wrap">
    <table class="dead-letters">
      <caption class="visually-hidden">Dead-lettered messages</caption>
      <thead><tr><th scope="col">Message</th><th scope="col">Job</th><th scope="col" class="opt">Tenant</th><th scope="col">Type</th><th scope="col">Code</th><th scope="col" class="opt">Reason</th><th scope="col" class="num opt">Attempts</th><th scope="col" class="opt">From queue</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
      <tbody id="dead-letters-body"></tbody>
    </table>
  </div>
  <p id="dead-letters-empty" class="muted" hidden>No dead letters.</p>
</section>
<dialog id="confirm-dialog" aria-labelledby="confirm-title">
  <div class="stack">
    <h2 id="confirm-title">Confirm</h2>
    <p id="confirm-text"></p>
    <div class="toolbar">
      <button type="button" id="confirm-yes" class="danger">Yes</button>
      <button type="button" id="confirm-no" class="secondary">No, keep them</button>
    </div>
  </div>
</dialog>`;

import {
  DEFAULT_PRIORITY,
  JOB_PRIORITIES,
  JOB_TYPES,
  jobOptionsProperties,
} from '@jobmill/contracts';
import { options } from './markup.util';

const attempts = jobOptionsProperties.maxAttempts;

/** Upload a WAV and submit a job for it; the tenant's schedules. Both need a key that may write. */
export const FORMS_HTML = `
  <section id="submit" class="panel needs-write" aria-labelledby="submit-title" hidden>
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
    <form id="schedule-form" class="stack needs-write" autocomplete="off">
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
  </section>`;

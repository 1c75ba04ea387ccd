/**
 * One job in full: actions, fields, the audio's waveform with the detected speech segments
 * drawn over it, the outcome and the history.
 */
export const DETAIL_HTML = `
  <section id="detail" class="panel" aria-labelledby="detail-title" hidden>
    <div class="panel-head">
      <h2 id="detail-title" tabindex="-1">Job <code id="detail-id"></code></h2>
      <button type="button" id="detail-close" class="secondary" aria-label="Close job details">Close</button>
    </div>
    <div id="detail-error" class="error" role="alert" hidden></div>
    <div class="toolbar needs-write">
      <button type="button" id="detail-cancel" class="danger" hidden>Cancel job</button>
      <button type="button" id="detail-retry" hidden>Retry job</button>
      <span id="detail-action-status" class="small" role="status"></span>
    </div>
    <div class="toolbar">
      <button type="button" id="detail-download" hidden>Download output</button>
    </div>
    <dl id="detail-fields" class="fields"></dl>
    <figure id="waveform" class="waveform" hidden>
      <div id="waveform-chart" class="chart"></div>
      <figcaption id="waveform-caption" class="small muted"></figcaption>
    </figure>
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
  </section>`;

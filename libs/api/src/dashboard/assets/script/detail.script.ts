/**
 * One job in full: its fields, webhook deliveries, outcome, history, and the actions that apply
 * to it (cancel while it has not ended, retry once it failed, download a processing job's output).
 */
export const DETAIL_SCRIPT = String.raw`
var detail = { id: null, job: null, historyKey: '' };

function openDetail(id) {
  detail.id = id;
  detail.job = null;
  detail.historyKey = '';
  byId('detail').hidden = false;
  setText(byId('detail-id'), id);
  clearError('detail-error');
  say('detail-action-status', '');
  ['detail-fields', 'detail-outcome', 'detail-history'].forEach(function (part) {
    byId(part).replaceChildren();
  });
  ['detail-cancel', 'detail-retry', 'detail-download'].forEach(function (b) {
    byId(b).hidden = true;
  });
  hideWaveform('');
  renderJobs();
  byId('detail-title').focus();
  return loadDetail();
}

function closeDetail() {
  var row = jobs.rows.get(detail.id);
  detail.id = null;
  byId('detail').hidden = true;
  renderJobs();
  if (row) row.cells.open.focus();
}

async function loadDetail() {
  var id = detail.id;
  if (!id) return;
  try {
    var both = await Promise.all([getJson(jobPath(id)), getJson(jobPath(id) + '/events')]);
    if (detail.id !== id) return;
    clearError('detail-error');
    await renderDetail(both[0], both[1].events || []);
  } catch (error) {
    if (detail.id === id) showError('detail-error', 'Loading job ' + shortId(id), error);
  }
}

function field(term, value) {
  return [el('dt', { text: term }), el('dd', {}, [value])];
}

/** Each delivery's latest attempt (the history holds them all), oldest delivery first. */
function webhookDeliveries(job, events) {
  var latest = new Map();
  events.forEach(function (event) {
    if (event.name.indexOf('webhook.') === 0) latest.set((event.data || {}).deliveryId, event);
  });
  var lines = Array.from(latest.values()).map(function (event) {
    var d = event.data || {};
    var state = event.name === 'webhook.delivered'
      ? 'delivered'
      : d.final ? 'gave up' : 'failing, next attempt ' + formatTime(d.nextAttemptAt);
    return el('li', {
      text: d.jobStatus + ': ' + state + ' after ' + d.deliveryAttempt + ' attempt' +
        (d.deliveryAttempt === 1 ? '' : 's') + (d.statusCode ? ' (HTTP ' + d.statusCode + ')' : ''),
    });
  });
  return el('div', {}, [
    el('code', { text: job.callbackUrl }),
    lines.length ? el('ul', { class: 'small' }, lines) : el('p', { class: 'small', text: 'no delivery yet' }),
  ]);
}

/** A pipeline's steps, each opening its own job; a step names its pipeline. */
function pipelineSteps(job) {
  return el('ol', { class: 'small' }, job.steps.map(function (step) {
    return el('li', {}, [
      el('button', {
        type: 'button', class: 'link', text: step.type + ' ' + shortId(step.jobId),
        onclick: function () { openDetail(step.jobId); },
      }),
      ' ', statusBadge(step.status), step.attempt > 1 ? ' attempt ' + step.attempt : null,
    ]);
  }));
}

function pipelineLink(job) {
  return el('span', {}, [
    el('button', {
      type: 'button', class: 'link', text: shortId(job.pipeline.id),
      onclick: function () { openDetail(job.pipeline.id); },
    }),
    ' step ' + job.pipeline.step,
  ]);
}

function detailFields(job, events) {
  var status = el('span', {}, [statusBadge(job.status)]);
  if (job.stalled) status.append(' ', el('span', { class: 'flag', text: 'stalled' }));
  var input = job.input || {};
  var parts = [
    field('Status', status),
    field('Type', job.type),
    field('Priority', job.priority || 'normal'),
    field('Attempt', job.attempt + (job.maxAttempts ? ' of ' + job.maxAttempts : '')),
    field('Progress', formatPercent(job.progress)),
    field('Created', timeElement(job.createdAt)),
    field('Started', timeElement(job.startedAt)),
    field('Finished', timeElement(job.finishedAt)),
    field('Duration', formatDuration(jobDuration(job))),
  ];
  if (job.nextAttemptAt) parts.push(field('Next attempt', timeElement(job.nextAttemptAt)));
  if (job.dedupKey) parts.push(field('Dedup key', el('code', { text: job.dedupKey })));
  // Retention: when the finished job (history, output) is deleted; unfinished jobs do not expire.
  parts.push(field('Expires', job.expiresAt ? timeElement(job.expiresAt) : 'when finished + ' + (job.retention || 'JOB_RETENTION')));
  if (job.runAt) parts.push(field('Runs at', timeElement(job.runAt)));
  if (job.scheduleId) parts.push(field('Schedule', el('code', { text: job.scheduleId })));
  if (input.uploadId) parts.push(field('Upload', el('code', { text: input.uploadId })));
  if (input.options) parts.push(field('Options', el('code', { text: JSON.stringify(input.options) })));
  if (job.callbackUrl) parts.push(field('Webhook', webhookDeliveries(job, events)));
  if (job.steps) parts.push(field('Steps', pipelineSteps(job)));
  if (job.pipeline) parts.push(field('Pipeline', pipelineLink(job)));
  return parts.flat();
}

function eventText(event) {
  var d = event.data || {};
  if (d.stepType) return stepText(event, d);
  var err = d.error ? (d.error.code || '') + ': ' + (d.error.message || '') : '';
  if (event.name === 'started') return d.worker ? 'on ' + d.worker : '';
  if (event.name === 'progress') return formatPercent(d.progress);
  if (event.name === 'retrying') return err + ' (next attempt ' + formatTime(d.nextAttemptAt) + ')';
  if (event.name === 'failed' || event.name === 'rejected') return err;
  if (event.name === 'cancelled') return d.reason || '';
  if (event.name === 'webhook.delivered') return d.jobStatus + ' delivered, HTTP ' + d.statusCode + ' (try ' + d.deliveryAttempt + ')';
  if (event.name === 'webhook.failed') {
    return d.jobStatus + ' not delivered: ' + err + ' (try ' + d.deliveryAttempt + ', ' +
      (d.final ? 'gave up' : 'next ' + formatTime(d.nextAttemptAt)) + ')';
  }
  return '';
}

/** A pipeline's entry: which step moved, and to what. */
function stepText(event, d) {
  var step = 'step ' + d.step + ' (' + d.stepType + ') ' + d.stepStatus;
  if (event.name === 'progress') return step + ', ' + formatPercent(d.progress);
  if (event.name === 'failed') return (d.error && d.error.message) || step;
  if (event.name === 'cancelled') return d.reason || step;
  return step;
}

/** Consecutive progress events of one attempt become one entry: first to last, and how many. */
function collapseProgress(events) {
  var out = [];
  events.forEach(function (event) {
    var last = out[out.length - 1];
    if (event.name === 'progress' && last && last.name === 'progress' && last.attempt === event.attempt) {
      last.count += 1;
      last.to = event;
    } else {
      out.push(Object.assign({ count: 1, to: event }, event));
    }
  });
  return out;
}

function historyText(entry) {
  if (entry.name !== 'progress' || entry.count === 1) return eventText(entry);
  return eventText(entry) + ' → ' + eventText(entry.to) + ' (' + entry.count + ' updates)';
}

function historyRows(events) {
  return collapseProgress(events).map(function (entry) {
    return el('tr', {}, [
      el('td', {}, [timeElement(entry.occurredAt)]),
      el('td', {}, [el('span', { class: 'event event-' + entry.name, text: entry.name })]),
      el('td', { class: 'num', text: entry.attempt }),
      el('td', { text: historyText(entry) }),
    ]);
  });
}

function renderDetail(job, events) {
  detail.job = job;
  byId('detail-fields').replaceChildren.apply(byId('detail-fields'), detailFields(job, events));
  byId('detail-outcome').replaceChildren(outcomeOf(job) || '');
  setText(byId('detail-json'), JSON.stringify({ input: job.input, result: job.result, error: job.error }, null, 2));
  var key = events.length + ':' + (events.length ? events[events.length - 1].id : '');
  if (key !== detail.historyKey) {
    byId('detail-history').replaceChildren.apply(byId('detail-history'), historyRows(events));
    detail.historyKey = key;
  }
  var hasOutput = job.status === 'SUCCEEDED' && job.result && job.result.output;
  setActionVisible('detail-cancel', ACTIVE.indexOf(job.status) >= 0);
  setActionVisible('detail-retry', job.status === 'FAILED');
  setActionVisible('detail-download', Boolean(hasOutput));
  return showWaveform(job);
}

/** Hides an action; if it had the focus, the focus goes to the panel's title, not the void. */
function setActionVisible(id, visible) {
  var button = byId(id);
  if (!visible && document.activeElement === button) byId('detail-title').focus();
  button.hidden = !visible;
}

async function jobAction(kind) {
  var id = detail.id;
  if (!id) return;
  if (kind === 'cancel' && !(await confirmDialog('Cancel this job?', 'Job ' + id + ' stops its work and ends CANCELLED.', 'Cancel job', 'Keep it'))) return;
  var button = byId('detail-' + kind);
  button.disabled = true;
  say('detail-action-status', kind === 'cancel' ? 'Cancelling…' : 'Retrying…');
  try {
    var job = await sendJson('POST', jobPath(id) + '/' + kind);
    clearError('detail-error');
    say('detail-action-status', kind === 'cancel' ? 'Cancelled.' : 'Queued again as attempt ' + job.attempt + '.');
    await Promise.all([loadDetail(), refreshAll()]);
  } catch (error) {
    say('detail-action-status', '');
    showError('detail-error', kind === 'cancel' ? 'Cancelling' : 'Retrying', error);
  } finally {
    button.disabled = false;
  }
}

/** Fetches the output with the key (a plain link could not carry it) and saves it. */
async function downloadOutput() {
  var id = detail.id;
  if (!id) return;
  say('detail-action-status', 'Downloading…');
  try {
    var blob = await (await call('GET', jobPath(id) + '/output')).blob();
    var url = URL.createObjectURL(blob);
    var ext = blob.type === 'application/zip' ? '.zip' : '.wav';
    var link = el('a', { href: url, download: id + ext, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say('detail-action-status', 'Downloaded ' + formatBytes(blob.size) + '.');
  } catch (error) {
    say('detail-action-status', '');
    showError('detail-error', 'Downloading the output', error);
  }
}
`;

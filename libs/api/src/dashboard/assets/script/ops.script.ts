/**
 * Queues and workers, for admin keys, re-read every OPS_REFRESH_MS while the tab is visible:
 * depths and consumers from the broker, rates in and out, each worker instance's pool. A part
 * whose endpoint the API lacks hides itself.
 */
export const OPS_SCRIPT = String.raw`
var OPS_REFRESH_MS = 2000;
var ops = { timer: null, missing: {} };

function opsCell(text, className) {
  return el('td', { class: className || null, text: text === null || text === undefined ? '—' : text });
}

function rate(value) {
  return value === undefined || value === null ? '—' : String(Math.round(value * 10) / 10);
}

function queueRow(item, rates) {
  var r = rates[item.jobType] || {};
  var type = el('td', {}, [item.jobType, item.paused ? el('span', { class: 'flag', text: 'paused' }) : null]);
  var lane = item.backlog ? item.priority + ' backlog' : item.priority;
  return el('tr', { 'data-queue': item.jobType + '/' + lane.replace(' ', '/') }, [
    type,
    opsCell(item.queue, 'mono opt'),
    opsCell(lane),
    opsCell(item.depth, 'num depth'),
    opsCell(rate(r.inPerMinute), 'num'),
    opsCell(rate(r.outPerMinute), 'num'),
    opsCell(item.consumers, 'num opt consumers'),
  ]);
}

function renderQueues(body) {
  var rates = body.rates || {};
  var rows = (body.items || []).map(function (item) { return queueRow(item, rates); });
  byId('queues-body').replaceChildren.apply(byId('queues-body'), rows);
  var dead = body.deadLetters;
  setText(byId('dead-letter-depth'), dead ? plural(dead.depth, 'dead letter') + ' waiting' : '');
}

function secondsAgo(iso) {
  var s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? s + ' s ago' : formatTime(iso);
}

function workerRow(w) {
  var pool = el('td', { class: 'pool' }, [
    el('meter', { min: '0', max: String(w.slots || 1), value: String(w.inFlight), 'aria-label': 'Slots in use' }),
    ' ' + w.inFlight + ' / ' + w.slots,
  ]);
  var beat = el('td', {}, [
    el('time', { datetime: w.lastHeartbeatAt, title: w.lastHeartbeatAt, text: secondsAgo(w.lastHeartbeatAt) }),
    w.stale ? el('span', { class: 'flag', title: 'No heartbeat for three periods', text: 'stale' }) : null,
  ]);
  return el('tr', { class: w.stale ? 'stale' : null }, [
    opsCell(w.instance, 'mono'),
    opsCell(w.service, 'opt'),
    opsCell((w.jobTypes || []).join(', '), 'opt'),
    pool,
    beat,
  ]);
}

function renderWorkers(body) {
  var items = body.items || [];
  byId('workers-body').replaceChildren.apply(byId('workers-body'), items.map(workerRow));
  byId('workers-empty').hidden = items.length > 0;
}

/** Reads one part; false when its endpoint is missing (the part is then hidden for good). */
async function opsPart(name, path, render) {
  if (ops.missing[name]) return false;
  try {
    render(await getJson(path, { admin: true }));
    byId(name + '-part').hidden = false;
    return true;
  } catch (error) {
    if (!noRoute(error)) throw error;
    ops.missing[name] = true;
    byId(name + '-part').hidden = true;
    return false;
  }
}

async function refreshOps() {
  if (!access.admin) return;
  try {
    var shown = await Promise.all([
      opsPart('queues', '/v1/admin/queues', renderQueues),
      opsPart('job-types', '/v1/admin/job-types', renderJobTypes),
      opsPart('workers', '/v1/admin/workers', renderWorkers),
    ]);
    byId('ops').hidden = shown.indexOf(true) < 0;
    clearError('ops-error');
    say('ops-updated', 'Updated ' + formatTime(new Date().toISOString()));
  } catch (error) {
    byId('ops').hidden = false;
    showError('ops-error', 'Loading queues and workers', error);
  }
}

function scheduleOps() {
  clearTimeout(ops.timer);
  ops.timer = setTimeout(async function () {
    if (!document.hidden) await refreshOps();
    if (access.admin) scheduleOps();
  }, OPS_REFRESH_MS);
}

function startOps() {
  clearTimeout(ops.timer);
  ops.missing = {};
  if (!access.admin) {
    byId('ops').hidden = true;
    return;
  }
  return refreshOps().then(scheduleOps);
}
`;

/**
 * DOM and formatting helpers of the dashboard. Every value from the API reaches the page as
 * text (textContent, attributes), never as markup.
 */
export const DOM_SCRIPT = String.raw`
function byId(id) {
  return document.getElementById(id);
}

/** Creates an element: attrs may hold text, class, on<event> handlers and attributes. */
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    var value = attrs[name];
    if (value === null || value === undefined || value === false) return;
    if (name === 'text') node.textContent = String(value);
    else if (name === 'class') node.className = value;
    else if (name.slice(0, 2) === 'on') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  });
  (children || []).forEach(function (child) {
    if (child !== null && child !== undefined) node.append(child);
  });
  return node;
}

/** Sets text only when it changed, so that refreshes do not disturb selection or readers. */
function setText(node, text) {
  var value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

function pad(n) {
  return n < 10 ? '0' + n : String(n);
}

/** A local time: hh:mm:ss today, else the date too. */
function formatTime(iso) {
  if (!iso) return '—';
  var d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  var time = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  if (d.toDateString() === new Date().toDateString()) return time;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + time;
}

function timeElement(iso) {
  return el('time', { datetime: iso || null, title: iso || null, text: formatTime(iso) });
}

function formatDuration(ms) {
  if (ms === null || ms === undefined || !isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return Math.round(ms) + ' ms';
  var s = ms / 1000;
  if (s < 60) return s.toFixed(1) + ' s';
  var m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + pad(Math.floor(s % 60)) + ' s';
  return Math.floor(m / 60) + ' h ' + pad(m % 60) + ' min';
}

/** How long a job has run: start to end, or to now while it is still going. */
function jobDuration(job) {
  if (!job.startedAt) return null;
  var end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return end - Date.parse(job.startedAt);
}

function formatBytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

function formatPercent(fraction) {
  return Math.round((Number(fraction) || 0) * 100) + ' %';
}

function shortId(id) {
  return String(id || '').slice(0, 8);
}

function statusBadge(status) {
  return el('span', { class: 'status status-' + String(status).toLowerCase(), text: status });
}

/** Renders an error into a region (role=alert): what was being done, title, detail, fields. */
function showError(regionId, doing, error) {
  var region = byId(regionId);
  var title = (error && error.title) || 'Error';
  var detail = error && error.title ? error.detail : String((error && error.message) || error);
  var items = ((error && error.errors) || []).map(function (v) {
    return el('li', {}, [el('code', { text: v.path || '/' }), ' ' + (v.message || '')]);
  });
  region.replaceChildren(
    el('p', {}, [
      el('strong', { text: doing + ': ' + title + (error && error.status ? ' (' + error.status + ')' : '') }),
      detail ? ' ' + detail : '',
    ]),
    items.length ? el('ul', {}, items) : '',
  );
  region.hidden = false;
}

function clearError(regionId) {
  var region = byId(regionId);
  if (!region.hidden) {
    region.hidden = true;
    region.replaceChildren();
  }
}

/** A short, plain status line in an output region. */
function say(regionId, text) {
  setText(byId(regionId), text);
}
`;

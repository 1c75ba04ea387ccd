/**
 * Live updates over Server-Sent Events. EventSource cannot send an Authorization header and the
 * key must never be in a URL, so the stream is read with fetch(); a dropped stream reconnects
 * with Last-Event-ID and backoff. Events only say what changed: the page then re-reads the
 * summary, list and open job, at most once per LIVE_COALESCE_MS however many events arrive.
 */
export const LIVE_SCRIPT = String.raw`
var LIVE_COALESCE_MS = 500;
var LIVE_MAX_RETRY_MS = 15000;
var live = { generation: 0, abort: null, lastId: '', on: false, retryMs: 1000, timer: null, dirty: null };

function setLiveState(on, text) {
  live.on = on;
  var node = byId('live-state');
  node.classList.toggle('live-on', on);
  setText(node, text);
}

function stopLive() {
  live.generation += 1;
  clearTimeout(live.timer);
  if (live.abort) live.abort.abort();
  live.abort = null;
  live.lastId = '';
  setLiveState(false, 'not live');
}

function startLive() {
  stopLive();
  if (!keyOf('api')) return;
  live.retryMs = 1000;
  followStream(live.generation, false);
}

/** Splits SSE text into events (blank line between them); returns what is left incomplete. */
function parseSse(text, onEvent) {
  var rest = text;
  for (var end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    var message = { id: null, name: 'message', data: [] };
    rest.slice(0, end).split('\n').forEach(function (line) {
      if (!line || line.charAt(0) === ':') return;
      var at = line.indexOf(':');
      var field = at < 0 ? line : line.slice(0, at);
      var value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'id') message.id = value;
      else if (field === 'event') message.name = value;
      else if (field === 'data') message.data.push(value);
    });
    if (message.data.length > 0) onEvent({ id: message.id, name: message.name, data: message.data.join('\n') });
    rest = rest.slice(end + 2);
  }
  return rest;
}

async function openStream(signal) {
  var headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + keyOf('api') };
  if (live.lastId) headers['Last-Event-ID'] = live.lastId;
  return fetch('/v1/events', { headers: headers, cache: 'no-store', credentials: 'omit', signal: signal });
}

async function followStream(generation, resumed) {
  var abort = new AbortController();
  live.abort = abort;
  var res = null;
  try {
    res = await openStream(abort.signal);
  } catch (e) {
    res = null;
  }
  if (generation !== live.generation) return;
  if (res && res.status === 400 && live.lastId) {
    // The event to resume after is gone (retention): start afresh and re-read everything.
    live.lastId = '';
    return followStream(generation, true);
  }
  if (res && (res.status === 401 || res.status === 403)) {
    setLiveState(false, 'not live (' + (await problemOf(res)).title + ')');
    return;
  }
  if (res && res.ok && res.body) {
    setLiveState(true, 'live');
    live.retryMs = 1000;
    if (resumed) liveChanged(null);
    await readEvents(res.body, generation);
  }
  if (generation !== live.generation) return;
  var wait = live.retryMs;
  live.retryMs = Math.min(LIVE_MAX_RETRY_MS, live.retryMs * 2);
  setLiveState(false, 'reconnecting in ' + Math.round(wait / 1000) + ' s');
  live.timer = setTimeout(function () { followStream(generation, true); }, wait);
}

async function readEvents(body, generation) {
  var reader = body.pipeThrough(new TextDecoderStream()).getReader();
  var buffer = '';
  try {
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done || generation !== live.generation) break;
      buffer = parseSse(buffer + chunk.value.replace(/\r\n?/g, '\n'), onLiveEvent);
    }
  } catch (e) {
    // Aborted, or the connection dropped: the caller reconnects.
  }
}

function onLiveEvent(message) {
  if (message.id) live.lastId = message.id;
  var event = null;
  try {
    event = JSON.parse(message.data);
  } catch (e) {
    return;
  }
  liveChanged(event);
}

/** Something changed (event null: maybe anything): re-read soon, once for a burst of events. */
function liveChanged(event) {
  if (!live.dirty) live.dirty = { detail: false };
  if (!event || (detail.id && event.jobId === detail.id)) live.dirty.detail = true;
  if (live.dirty.timer) return;
  live.dirty.timer = setTimeout(function () {
    var dirty = live.dirty;
    live.dirty = null;
    Promise.all([refreshSummary(), refreshJobs(), dirty.detail ? loadDetail() : null]).then(
      function () { clearError('banner'); },
      function (error) { showError('banner', 'Refreshing', error); },
    );
  }, LIVE_COALESCE_MS);
}
`;

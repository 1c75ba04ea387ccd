/**
 * Connecting with a key, the refresh loop and the page's event wiring. Live events drive the
 * job views; the loop re-reads everything every REFRESH_MS while the stream is down and every
 * LIVE_REFRESH_MS as a safety net while it is up. Runs last: every other part is defined by then.
 */
export const MAIN_SCRIPT = String.raw`
var REFRESH_MS = 5000;
var LIVE_REFRESH_MS = 30000;
// The timeline moves by the minute; dead letters are peeked from the broker.
var SLOW_EVERY_MS = 30000;
var loop = { timer: null, running: false, slowAt: 0 };

/** Counts, list and the open job; a failure shows in the banner until a refresh succeeds. */
async function refreshAll() {
  if (!keyOf('api')) return;
  try {
    await Promise.all([
      refreshSummary(),
      refreshJobs(),
      refreshSchedules(),
      detail.id ? loadDetail() : null,
    ]);
    clearError('banner');
  } catch (error) {
    showError('banner', 'Refreshing', error);
  }
}

function schedule() {
  clearTimeout(loop.timer);
  loop.timer = setTimeout(round, live.on ? LIVE_REFRESH_MS : REFRESH_MS);
}

async function round() {
  if (loop.running) return;
  loop.running = true;
  try {
    if (!document.hidden && (keyOf('api') || keyOf('admin'))) {
      await refreshAll();
      if (Date.now() - loop.slowAt >= SLOW_EVERY_MS) {
        loop.slowAt = Date.now();
        await Promise.all([refreshCharts(), admin.allowed ? refreshDeadLetters() : null]);
      }
    }
  } finally {
    loop.running = false;
    schedule();
  }
}

function showTenantPanels(visible) {
  ['overview', 'jobs-panel', 'submit', 'schedules'].forEach(function (id) {
    byId(id).hidden = !visible;
  });
  if (!visible) byId('charts').hidden = true;
  if (!visible && detail.id) closeDetail();
}

function describeConnection() {
  var parts = [];
  if (!byId('jobs-panel').hidden) parts.push("your tenant's jobs");
  if (admin.allowed) parts.push('queues, workers and dead letters (admin)');
  setText(byId('connection'), parts.length ? 'Connected: ' + parts.join(' and ') + '.' : '');
}

async function checkTenantKey() {
  try {
    await refreshSummary();
    showTenantPanels(true);
    showOptionDocs();
    refreshSchedules().catch(function (error) { showError('schedule-error', 'Loading schedules', error); });
    return null;
  } catch (error) {
    showError('key-error', 'Checking the API key', error);
    return error;
  }
}

/** Checks the stored keys against the API and shows what they open. */
async function start() {
  clearError('key-error');
  clearError('banner');
  stopLive();
  resetAccess();
  var tenantKey = Boolean(keyOf('api'));
  byId('getting-started').hidden = tenantKey || Boolean(keyOf('admin'));
  showTenantPanels(false);
  var refused = tenantKey ? await checkTenantKey() : null;
  await Promise.all([refreshDeadLetters(), tenantKey && !refused ? learnAccess() : null]);
  if (refused && (refused.status === 401 || refused.status === 403) && admin.allowed && !keyOf('admin')) {
    var hint = 'It is an admin key only: it opens queues, workers and dead letters, not jobs. Enter it as the admin key, and a tenant key as the API key.';
    showError('key-error', 'Checking the API key', new ApiError(401, 'Not a tenant key', hint, [], 'CLIENT'));
  }
  applyAccess();
  describeConnection();
  if (tenantKey && !refused) {
    startLive();
    runSearch();
    loop.slowAt = Date.now();
    refreshCharts();
  }
  startOps();
  schedule();
}

function connect(event) {
  event.preventDefault();
  var apiValue = byId('api-key').value.trim();
  var adminValue = byId('admin-key').value.trim();
  if (!apiValue && !adminValue) {
    showError('key-error', 'Connecting', new ApiError(0, 'No key', 'Enter an API key, an admin key, or both.', [], 'CLIENT'));
    byId('api-key').focus();
    return;
  }
  storeKey('api', apiValue);
  storeKey('admin', adminValue);
  lastUpload = { file: null, id: null };
  return start();
}

function forget() {
  storeKey('api', '');
  storeKey('admin', '');
  byId('api-key').value = '';
  byId('admin-key').value = '';
  lastUpload = { file: null, id: null };
  stopLive();
  showTenantPanels(false);
  hideAdmin();
  startOps();
  clearError('banner');
  clearError('key-error');
  byId('getting-started').hidden = false;
  setText(byId('connection'), 'Keys forgotten.');
  byId('api-key').focus();
}

function on(id, type, handler) {
  byId(id).addEventListener(type, handler);
}

function wire() {
  wireDialog();
  on('key-form', 'submit', connect);
  on('forget', 'click', forget);
  on('search-form', 'submit', runSearch);
  on('search-clear', 'click', clearSearch);
  on('filter-status', 'change', function () { runSearch(); });
  on('filter-type', 'change', function () { runSearch(); });
  on('bulk-cancel', 'click', function (e) { bulkAction('cancel', e.currentTarget); });
  on('bulk-retry', 'click', function (e) { bulkAction('retry', e.currentTarget); });
  on('jobs-more', 'click', function () {
    loadMore().then(
      function () { clearError('jobs-error'); },
      function (error) { showError('jobs-error', 'Loading more jobs', error); },
    );
  });
  on('detail-close', 'click', closeDetail);
  on('detail', 'keydown', function (e) { if (e.key === 'Escape') closeDetail(); });
  on('detail-cancel', 'click', function () { jobAction('cancel'); });
  on('detail-retry', 'click', function () { jobAction('retry'); });
  on('detail-download', 'click', downloadOutput);
  on('submit-form', 'submit', submitJob);
  on('submit-type', 'change', showOptionDocs);
  on('schedule-form', 'submit', createSchedule);
  on('dead-letters-refresh', 'click', refreshDeadLetters);
  on('requeue-all', 'click', function (e) { requeueDeadLetters(undefined, e.currentTarget); });
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) round();
  });
}

wire();
applyAccess();
byId('api-key').value = keyOf('api');
byId('admin-key').value = keyOf('admin');
if (keyOf('api') || keyOf('admin')) start();
else byId('api-key').focus();
`;

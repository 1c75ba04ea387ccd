/**
 * Connecting with a key, the refresh loop (one request round at a time, paused while the tab
 * is hidden) and the page's event wiring. Runs last: every other part is defined by then.
 */
export const MAIN_SCRIPT = String.raw`
var REFRESH_MS = 5000;
// Dead letters are peeked from the broker: every sixth round (30 s) is enough.
var DEAD_LETTER_EVERY = 6;
var loop = { timer: null, rounds: 0, running: false };

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
  loop.timer = setTimeout(round, REFRESH_MS);
}

async function round() {
  if (loop.running) return;
  loop.running = true;
  try {
    if (byId('auto-refresh').checked && !document.hidden && (keyOf('api') || keyOf('admin'))) {
      loop.rounds += 1;
      await refreshAll();
      if (loop.rounds % DEAD_LETTER_EVERY === 0 && admin.allowed) await refreshDeadLetters();
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
  if (!visible && detail.id) closeDetail();
}

function describeConnection() {
  var parts = [];
  if (!byId('jobs-panel').hidden) parts.push("your tenant's jobs");
  if (admin.allowed) parts.push('dead letters (admin)');
  setText(byId('connection'), parts.length ? 'Connected: ' + parts.join(' and ') + '.' : '');
}

/** Checks the stored keys against the API and shows what they open. */
async function start() {
  clearError('key-error');
  clearError('banner');
  var tenantKey = Boolean(keyOf('api'));
  byId('getting-started').hidden = tenantKey || Boolean(keyOf('admin'));
  showTenantPanels(false);
  var refused = null;
  if (tenantKey) {
    try {
      await refreshSummary();
      showTenantPanels(true);
      showOptionDocs();
      refreshSchedules().catch(function (error) { showError('schedule-error', 'Loading schedules', error); });
      setFilters(jobs.status, jobs.type);
    } catch (error) {
      refused = error;
      showError('key-error', 'Checking the API key', error);
    }
  }
  await refreshDeadLetters();
  if (refused && (refused.status === 401 || refused.status === 403) && admin.allowed && !keyOf('admin')) {
    var hint = 'It is an admin key only: it opens the dead letters, not jobs. Enter it as the admin key, and a tenant key as the API key.';
    showError('key-error', 'Checking the API key', new ApiError(401, 'Not a tenant key', hint, [], 'CLIENT'));
  }
  describeConnection();
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
  showTenantPanels(false);
  hideAdmin();
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
  on('key-form', 'submit', connect);
  on('forget', 'click', forget);
  on('filter-status', 'change', function (e) { setFilters(e.target.value, jobs.type); });
  on('filter-type', 'change', function (e) { setFilters(jobs.status, e.target.value); });
  on('refresh-now', 'click', function () { refreshAll(); if (admin.allowed) refreshDeadLetters(); });
  on('auto-refresh', 'change', function (e) { if (e.target.checked) refreshAll(); });
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
    if (!document.hidden && byId('auto-refresh').checked) round();
  });
}

wire();
byId('api-key').value = keyOf('api');
byId('admin-key').value = keyOf('admin');
if (keyOf('api') || keyOf('admin')) start();
else byId('api-key').focus();
`;

/**
 * Counts by status and the jobs the search matches. Rows are kept by job id and updated in
 * place, so live updates neither flicker nor move the keyboard focus.
 */
export const JOBS_SCRIPT = String.raw`
var PAGE = 20;
var MAX_PAGE = 100;

var jobs = {
  // The applied search (see search.script): id, status, type, after, before, tenant.
  search: emptySearch(),
  // Bumped when the filters change: answers to older requests are dropped.
  generation: 0,
  items: [],
  // False from a filter change until its first page arrives.
  loaded: false,
  cursor: null,
  rows: new Map(),
  summaryButtons: null,
  // List requests run one at a time, in order.
  queue: Promise.resolve(),
};

function inOrder(work) {
  var next = jobs.queue.then(work, work);
  jobs.queue = next.catch(function () {});
  return next;
}

function buildSummary() {
  var list = byId('summary-list');
  jobs.summaryButtons = {};
  ['ALL'].concat(STATUSES).forEach(function (status) {
    var count = el('span', { class: 'count', text: '–' });
    var label = status === 'ALL' ? 'All' : status;
    var button = el(
      'button',
      {
        type: 'button',
        class: 'tile tile-' + status.toLowerCase(),
        'aria-pressed': 'false',
        title: status === 'ALL' ? 'Show every status' : 'Show only ' + status + ' jobs',
        onclick: function () {
          setStatusFilter(status === 'ALL' ? '' : status);
        },
      },
      [count, el('span', { class: 'label', text: label })],
    );
    list.append(el('li', {}, [button]));
    jobs.summaryButtons[status] = { button: button, count: count };
  });
}

async function refreshSummary() {
  var summary = await getJson('/v1/jobs/summary');
  if (!jobs.summaryButtons) buildSummary();
  setText(jobs.summaryButtons.ALL.count, summary.total);
  STATUSES.forEach(function (status) {
    setText(jobs.summaryButtons[status].count, (summary.counts || {})[status] || 0);
  });
  markFilterTiles();
}

function markFilterTiles() {
  if (!jobs.summaryButtons) return;
  Object.keys(jobs.summaryButtons).forEach(function (status) {
    var pressed = status === (jobs.search.status || 'ALL');
    jobs.summaryButtons[status].button.setAttribute('aria-pressed', String(pressed));
  });
}

function listUrl(limit, cursor) {
  var query = searchQuery(jobs.search);
  query.set('limit', String(limit));
  if (cursor) query.set('cursor', cursor);
  return '/v1/jobs?' + query.toString();
}

/** One page of matches; a full job id is read directly, so it is found whatever the list offers. */
async function listPage(limit, cursor) {
  if (isFullId(jobs.search.id)) {
    var job = await getJson(jobPath(jobs.search.id.toLowerCase())).catch(function (error) {
      if (error.status === 404) return null;
      throw error;
    });
    return { items: job && matchesSearch(job, jobs.search) ? [job] : [], nextCursor: null };
  }
  var page = await getJson(listUrl(limit, cursor));
  // Kept to the search here too: an older API ignores the filters it does not know.
  return { items: page.items.filter(function (j) { return matchesSearch(j, jobs.search); }), nextCursor: page.nextCursor };
}

/** Newest first: created_at, then id, both descending (the API's order). */
function isOlder(a, b) {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/** Re-reads the first pages; rows loaded with "More" beyond them are kept, in order. */
function refreshJobs() {
  return inOrder(async function () {
    var generation = jobs.generation;
    var limit = Math.min(MAX_PAGE, Math.max(PAGE, jobs.items.length));
    var page = await listPage(limit);
    if (generation !== jobs.generation) return;
    var head = page.items;
    var last = head[head.length - 1];
    var ids = new Set(head.map(function (j) { return j.id; }));
    var rest = page.nextCursor && last
      ? jobs.items.filter(function (j) { return !ids.has(j.id) && isOlder(j, last); })
      : [];
    jobs.cursor = rest.length > 0 ? jobs.cursor : page.nextCursor;
    jobs.items = head.concat(rest);
    jobs.loaded = true;
    renderJobs();
  });
}

function loadMore() {
  return inOrder(async function () {
    if (!jobs.cursor) return;
    var generation = jobs.generation;
    var page = await listPage(PAGE, jobs.cursor);
    if (generation !== jobs.generation) return;
    var ids = new Set(jobs.items.map(function (j) { return j.id; }));
    jobs.items = jobs.items.concat(page.items.filter(function (j) { return !ids.has(j.id); }));
    jobs.cursor = page.nextCursor;
    renderJobs();
  });
}

/** Shows the jobs a new search matches, from its first page. */
function applySearch(search) {
  jobs.search = search;
  jobs.generation += 1;
  jobs.items = [];
  jobs.loaded = false;
  jobs.cursor = null;
  markFilterTiles();
  renderJobs();
  return refreshJobs().then(
    function () { clearError('jobs-error'); },
    function (error) { showError('jobs-error', 'Loading jobs', error); },
  );
}

function createRow(job) {
  var cells = {
    open: el('button', {
      type: 'button',
      class: 'link mono',
      title: job.id,
      'aria-label': 'Open job ' + job.id,
      text: shortId(job.id),
      onclick: function () { openDetail(job.id); },
    }),
    type: el('td'),
    status: el('td'),
    bar: el('progress', { max: '100', value: '0', 'aria-label': 'Progress' }),
    percent: el('span', { class: 'percent' }),
    attempt: el('td', { class: 'num opt' }),
    created: el('td'),
    duration: el('td', { class: 'num opt' }),
    stalled: el('td', { class: 'opt' }),
  };
  var tr = el('tr', { 'data-job-id': job.id }, [
    el('td', {}, [cells.open]),
    cells.type,
    cells.status,
    el('td', { class: 'progress-cell opt' }, [cells.bar, cells.percent]),
    cells.attempt,
    cells.created,
    cells.duration,
    cells.stalled,
  ]);
  return { tr: tr, cells: cells, status: null, created: null, stalled: null };
}

function updateRow(row, job) {
  var c = row.cells;
  // A priority other than normal is shown with the type, as it decides when the job starts.
  setText(c.type, job.priority && job.priority !== 'normal' ? job.type + ' (' + job.priority + ')' : job.type);
  if (row.status !== job.status) {
    c.status.replaceChildren(statusBadge(job.status));
    row.status = job.status;
  }
  var percent = Math.round((Number(job.progress) || 0) * 100);
  if (c.bar.value !== percent) c.bar.value = percent;
  setText(c.percent, percent + ' %');
  setText(c.attempt, job.attempt + (job.maxAttempts ? ' / ' + job.maxAttempts : ''));
  if (row.created !== job.createdAt) {
    c.created.replaceChildren(timeElement(job.createdAt));
    row.created = job.createdAt;
  }
  setText(c.duration, formatDuration(jobDuration(job)));
  if (row.stalled !== job.stalled) {
    var flag = el('span', { class: 'flag', title: 'Its worker stopped renewing its lease' }, ['stalled']);
    c.stalled.replaceChildren(job.stalled ? flag : '');
    row.stalled = job.stalled;
  }
  row.tr.classList.toggle('selected', job.id === detail.id);
}

function renderJobs() {
  var body = byId('jobs-body');
  var seen = new Set();
  var previous = null;
  jobs.items.forEach(function (job) {
    seen.add(job.id);
    var row = jobs.rows.get(job.id);
    if (!row) {
      row = createRow(job);
      jobs.rows.set(job.id, row);
    }
    updateRow(row, job);
    var expected = previous ? previous.tr.nextElementSibling : body.firstElementChild;
    if (row.tr !== expected) body.insertBefore(row.tr, expected);
    previous = row;
  });
  jobs.rows.forEach(function (row, id) {
    if (seen.has(id)) return;
    row.tr.remove();
    jobs.rows.delete(id);
  });
  byId('jobs-empty').hidden = jobs.items.length > 0;
  setText(byId('jobs-empty'), jobs.loaded ? 'No jobs match this search.' : 'Loading…');
  byId('jobs-more').hidden = !jobs.cursor;
  say('jobs-updated', 'Updated ' + formatTime(new Date().toISOString()));
}
`;

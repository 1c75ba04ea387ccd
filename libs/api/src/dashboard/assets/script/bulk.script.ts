/**
 * Cancel or retry everything the current search matches (POST /v1/jobs/bulk): a dry run counts
 * the jobs first and the confirmation shows that count; the answer says what was skipped and why.
 */
export const BULK_SCRIPT = String.raw`
var BULK_VERBS = {
  cancel: { title: 'Cancel', done: 'Cancelled', note: 'Running jobs stop; finished ones are skipped.' },
  retry: { title: 'Retry', done: 'Retried', note: 'Only FAILED jobs run again, as a new attempt.' },
};

/** Why the search cannot be a bulk filter, or '' when it can. */
function bulkBlocked(search) {
  if (search.id && !isFullId(search.id))
    return 'Bulk actions match by status, type, time or one full job id: complete or clear the id.';
  return '';
}

/** An admin key acts on every tenant's jobs, or on one tenant's with tenant=. */
function bulkPath(search) {
  return '/v1/jobs/bulk' + (search.tenant ? '?tenant=' + encodeURIComponent(search.tenant) : '');
}

function bulkFilter(search) {
  var filter = {};
  if (search.status) filter.status = search.status;
  if (search.type) filter.type = search.type;
  if (search.after) filter.createdAfter = search.after;
  if (search.before) filter.createdBefore = search.before;
  if (search.id) filter.ids = [search.id];
  return filter;
}

/** The search in words, for the confirmation. */
function describeSearch(search) {
  var parts = [];
  if (search.id) parts.push('id ' + search.id);
  if (search.status) parts.push('status ' + search.status);
  if (search.type) parts.push('type ' + search.type);
  if (search.after) parts.push('created after ' + formatTime(search.after));
  if (search.before) parts.push('created before ' + formatTime(search.before));
  var what = parts.length ? parts.join(', ') : 'every job';
  if (search.tenant) return what + ' of tenant ' + search.tenant;
  return access.admin ? what + ' of every tenant' : what;
}

function plural(n, word) {
  return n + ' ' + word + (n === 1 ? '' : 's');
}

/** "Cancelled 3 of 5; skipped 2 (2 JOB_FINISHED)." */
function bulkSummary(verb, body) {
  var skipped = body.skipped || [];
  var codes = {};
  skipped.forEach(function (s) { codes[s.code] = (codes[s.code] || 0) + 1; });
  var why = Object.keys(codes).map(function (code) { return codes[code] + ' ' + code; });
  var notApplied = body.matched - body.applied;
  return verb.done + ' ' + body.applied + ' of ' + plural(body.matched, 'matching job') +
    (notApplied > 0 ? '; skipped ' + notApplied + (why.length ? ' (' + why.join(', ') + (skipped.length < notApplied ? ', …' : '') + ')' : '') : '') + '.';
}

async function bulkAction(action, button) {
  var verb = BULK_VERBS[action];
  var search;
  try {
    search = readSearch();
  } catch (error) {
    return showError('jobs-error', 'Searching', error);
  }
  var blocked = bulkBlocked(search);
  if (blocked) return showError('jobs-error', verb.title + ' all', new ApiError(0, 'Not a bulk filter', blocked, [], 'CLIENT'));
  clearError('jobs-error');
  if (JSON.stringify(search) !== JSON.stringify(jobs.search)) await applySearch(search);
  var body = { action: action, filter: bulkFilter(search) };
  button.disabled = true;
  try {
    say('bulk-status', 'Counting…');
    var dry = await sendJson('POST', bulkPath(search), Object.assign({ dryRun: true }, body));
    if (dry.matched === 0) return say('bulk-status', 'No job matches this search.');
    var question = verb.title + ' ' + plural(dry.matched, 'job') + ' matching ' + describeSearch(search) + '? ' + verb.note;
    say('bulk-status', '');
    if (!(await confirmDialog(verb.title + ' ' + plural(dry.matched, 'job') + '?', question, verb.title + ' ' + dry.matched, 'No, keep them'))) {
      return say('bulk-status', 'Nothing was changed.');
    }
    say('bulk-status', verb.title + '…');
    say('bulk-status', bulkSummary(verb, await sendJson('POST', bulkPath(search), body)));
    liveChanged(null);
  } catch (error) {
    say('bulk-status', '');
    if (noRoute(error)) error = new ApiError(404, 'Not available', 'This API has no bulk actions (POST /v1/jobs/bulk).', [], 'CLIENT');
    else if (error.code === 'BULK_TOO_LARGE') error.detail += ' Narrow the search (status, type, time) and try again.';
    showError('jobs-error', verb.title + ' all', error);
  } finally {
    button.disabled = false;
  }
}
`;

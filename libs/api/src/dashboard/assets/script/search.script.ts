/**
 * The job search form: read, checked and turned into GET /v1/jobs's query. A search that does
 * not make sense is refused with a message and the form keeps what was typed.
 */
export const SEARCH_SCRIPT = String.raw`
var FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function emptySearch() {
  return { id: '', status: '', type: '', after: '', before: '', tenant: '' };
}

function isFullId(id) {
  return FULL_ID.test(id || '');
}

/** A datetime-local value (the browser's local time) as an ISO instant, or ''. */
function isoOf(local) {
  if (!local) return '';
  var time = new Date(local);
  return isNaN(time.getTime()) ? '' : time.toISOString();
}

function searchProblem(path, message) {
  return new ApiError(0, 'Search not run', message, [{ path: path, message: message }], 'CLIENT');
}

/** The form's search; throws an ApiError naming the field that is wrong. */
function readSearch() {
  var search = {
    id: byId('search-id').value.trim().toLowerCase(),
    status: byId('filter-status').value,
    type: byId('filter-type').value,
    after: isoOf(byId('search-after').value),
    before: isoOf(byId('search-before').value),
    tenant: access.admin ? byId('search-tenant').value.trim() : '',
  };
  if (search.id && !isFullId(search.id) && !/^[0-9a-f]{4,}$/.test(search.id.replace(/-/g, '')))
    throw searchProblem('id', 'A job id is hexadecimal: give all of it, or its first 4 digits or more.');
  if (search.after && search.before && search.after >= search.before)
    throw searchProblem('createdBefore', '"Created before" must be later than "Created after".');
  return search;
}

/** The query GET /v1/jobs takes for a search (without limit and cursor). */
function searchQuery(search) {
  var query = new URLSearchParams();
  if (search.id) query.set('id', search.id);
  if (search.status) query.set('status', search.status);
  if (search.type) query.set('type', search.type);
  if (search.after) query.set('createdAfter', search.after);
  if (search.before) query.set('createdBefore', search.before);
  if (search.tenant) query.set('tenant', search.tenant);
  return query;
}

/** Whether a job fits the search (what the list shows, even from an API that ignores a filter). */
function matchesSearch(job, search) {
  if (search.id && job.id.toLowerCase().indexOf(search.id) !== 0) return false;
  if (search.status && job.status !== search.status) return false;
  if (search.type && job.type !== search.type) return false;
  if (search.after && Date.parse(job.createdAt) < Date.parse(search.after)) return false;
  if (search.before && Date.parse(job.createdAt) >= Date.parse(search.before)) return false;
  return true;
}

function runSearch(event) {
  if (event) event.preventDefault();
  var search;
  try {
    search = readSearch();
  } catch (error) {
    showError('jobs-error', 'Searching', error);
    return;
  }
  clearError('jobs-error');
  say('bulk-status', '');
  return applySearch(search);
}

function clearSearch() {
  ['search-id', 'search-after', 'search-before', 'search-tenant', 'filter-status', 'filter-type'].forEach(function (id) {
    byId(id).value = '';
  });
  return runSearch();
}

/** A status tile: searches that status, keeping the rest of the form. */
function setStatusFilter(status) {
  byId('filter-status').value = status;
  return runSearch();
}
`;

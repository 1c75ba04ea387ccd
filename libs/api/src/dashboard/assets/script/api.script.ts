/**
 * The dashboard's REST client: keys from sessionStorage (gone with the tab, never in a URL),
 * problem+json answers turned into errors that keep their title, detail and field errors.
 */
export const API_SCRIPT = String.raw`
var KEY_NAMES = { api: 'jobmill.apiKey', admin: 'jobmill.adminKey' };
// Where keys live when sessionStorage is unavailable (some private modes): until a reload.
var memoryKeys = { api: '', admin: '' };

function storedKey(which) {
  try {
    return sessionStorage.getItem(KEY_NAMES[which]) || '';
  } catch (e) {
    return '';
  }
}

function storeKey(which, value) {
  try {
    if (value) sessionStorage.setItem(KEY_NAMES[which], value);
    else sessionStorage.removeItem(KEY_NAMES[which]);
  } catch (e) {
    // Storage disabled: memoryKeys below still holds it.
  }
  memoryKeys[which] = value;
}

function keyOf(which) {
  return storedKey(which) || memoryKeys[which] || '';
}

/** The key for admin endpoints: the admin key, or the API key when it is an admin key too. */
function adminKey() {
  return keyOf('admin') || keyOf('api');
}

/** An answer other than 2xx, or no answer at all (status 0). */
function ApiError(status, title, detail, errors, code) {
  this.name = 'ApiError';
  this.status = status;
  this.title = title;
  this.detail = detail;
  this.errors = errors;
  this.code = code;
  this.message = title + (detail ? ': ' + detail : '');
}
ApiError.prototype = Object.create(Error.prototype);

async function problemOf(res) {
  var text = '';
  try {
    text = await res.text();
  } catch (e) {
    text = '';
  }
  var body = null;
  try {
    body = JSON.parse(text);
  } catch (e) {
    body = null;
  }
  if (body && typeof body === 'object' && (body.title || body.detail)) {
    return new ApiError(
      res.status,
      String(body.title || res.statusText || 'Error'),
      String(body.detail || ''),
      Array.isArray(body.errors) ? body.errors : [],
      body.code ? String(body.code) : '',
    );
  }
  var title = 'HTTP ' + res.status + (res.statusText ? ' ' + res.statusText : '');
  return new ApiError(res.status, title, text.slice(0, 300), [], '');
}

/**
 * Calls the API. options: admin (use the admin key), json (a body to send as JSON),
 * raw + contentType (a body sent as it is). Resolves with a 2xx response, or throws ApiError.
 */
async function call(method, path, options) {
  var opts = options || {};
  var key = opts.admin ? adminKey() : keyOf('api');
  var headers = { Accept: 'application/json, application/problem+json' };
  if (key) headers.Authorization = 'Bearer ' + key;
  var body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType;
    body = opts.raw;
  }
  var res;
  try {
    res = await fetch(path, {
      method: method,
      headers: headers,
      body: body,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'Cannot reach the API', String((e && e.message) || e), [], 'NETWORK');
  }
  if (!res.ok) {
    var problem = await problemOf(res);
    // A key that may read but not write: the page stops offering what it would refuse.
    if (problem.status === 403 && method !== 'GET' && !opts.admin) markReadOnly();
    throw problem;
  }
  return res;
}

/** A 404 for the route itself (an API without that endpoint), not for a missing resource. */
function noRoute(error) {
  return Boolean(error) && error.status === 404 && /^Cannot [A-Z]+ /.test(error.detail || '');
}

async function getJson(path, options) {
  return (await call('GET', path, options)).json();
}

async function sendJson(method, path, json, options) {
  var opts = Object.assign({}, options || {}, { json: json === undefined ? {} : json });
  return (await call(method, path, opts)).json();
}

function jobPath(id) {
  return '/v1/jobs/' + encodeURIComponent(id);
}
`;

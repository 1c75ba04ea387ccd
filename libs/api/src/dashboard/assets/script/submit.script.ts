/**
 * Upload a WAV (raw body) and submit a job for it, with the input fields its type requires
 * besides the file (the segments of processing.clips); a file already uploaded is not sent twice.
 */
export const SUBMIT_SCRIPT = String.raw`
// The last file uploaded and its upload id: a failed submission can be corrected and resent.
var lastUpload = { file: null, id: null };

/** Lists the chosen type's options, from the schemas the API validates with (OPTION_DOCS). */
function showOptionDocs() {
  var docs = OPTION_DOCS[byId('submit-type').value] || [];
  var items = docs.map(function (doc) {
    return el('li', {}, [el('code', { text: doc.name }), ' ' + doc.text]);
  });
  byId('submit-options-hint').replaceChildren(
    el('span', { text: docs.length ? 'All optional:' : 'This job type takes no options.' }),
    items.length ? el('ul', {}, items) : '',
  );
  showInputDocs();
}

/** Shows the input fields the chosen type requires besides the file (INPUT_DOCS), if any. */
function showInputDocs() {
  var docs = INPUT_DOCS[byId('submit-type').value] || [];
  byId('submit-input-block').hidden = docs.length === 0;
  byId('submit-input-hint').replaceChildren(
    el('span', { text: 'Required:' }),
    el('ul', {}, docs.map(function (doc) {
      return el('li', {}, [el('code', { text: doc.name }), ' ' + doc.text]);
    })),
  );
}

/** A JSON-object field as an object, or undefined when empty; throws a readable error. */
function parsedObject(id, what) {
  var text = byId(id).value.trim();
  if (!text) return undefined;
  var value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(0, what + ' are not JSON', String(e.message || e), [], 'CLIENT');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(0, what + ' must be a JSON object', 'for example {"key": 1}, or leave the field empty', [], 'CLIENT');
  }
  return value;
}

function parsedOptions() {
  return parsedObject('submit-options', 'Options');
}

/** The extra input fields, only where the chosen type asks for them (the block is shown). */
function parsedInput() {
  return byId('submit-input-block').hidden ? undefined : parsedObject('submit-input', 'Input fields');
}

function sameFile(a, b) {
  return a && b && a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
}

async function uploadOnce(file) {
  if (sameFile(lastUpload.file, file)) return lastUpload.id;
  say('submit-status', 'Uploading ' + file.name + ' (' + formatBytes(file.size) + ')…');
  var res = await call('POST', '/v1/uploads', { raw: file, contentType: 'audio/wav' });
  var upload = await res.json();
  lastUpload = { file: file, id: upload.id };
  return upload.id;
}

function submissionOf(uploadId, options, extra) {
  var input = Object.assign({}, extra || {}, { uploadId: uploadId });
  var body = { type: byId('submit-type').value, input: input };
  if (options) body.input.options = options;
  var attempts = byId('submit-attempts').value.trim();
  if (attempts) body.maxAttempts = Number(attempts);
  var priority = byId('submit-priority').value;
  if (priority && priority !== 'normal') body.priority = priority;
  var dedupKey = byId('submit-dedup-key').value.trim();
  if (dedupKey) body.dedupKey = dedupKey;
  var retention = byId('submit-retention').value.trim();
  if (retention) body.retention = retention;
  // datetime-local is the browser's local time: Date reads it so, and sends it with its offset.
  var runAt = byId('submit-run-at').value;
  if (runAt) body.runAt = new Date(runAt).toISOString();
  return body;
}

async function submitJob(event) {
  event.preventDefault();
  var file = byId('submit-file').files[0];
  clearError('submit-error');
  if (!file) {
    showError('submit-error', 'Submitting', new ApiError(0, 'No file', 'Choose a WAV file first.', [], 'CLIENT'));
    byId('submit-file').focus();
    return;
  }
  var button = byId('submit-button');
  button.disabled = true;
  try {
    var options = parsedOptions();
    var extra = parsedInput();
    var uploadId = await uploadOnce(file);
    say('submit-status', 'Uploaded as ' + shortId(uploadId) + '. Submitting…');
    var job = await sendJson('POST', '/v1/jobs', submissionOf(uploadId, options, extra));
    say('submit-status', 'Accepted: job ' + job.id + ' is ' + job.status + '.');
    await refreshAll();
    await openDetail(job.id);
  } catch (error) {
    say('submit-status', '');
    showError('submit-error', 'Submitting', error);
  } finally {
    button.disabled = false;
  }
}
`;

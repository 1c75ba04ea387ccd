/**
 * Dead letters, for admin keys: shown only when the admin endpoint lets the key in. A requeue
 * retries a failed job as a new attempt, or puts the message back where it came from; what the
 * workers would refuse stays, and the summary says why. A letter can also be discarded, after
 * a confirmation: what a requeue keeps would otherwise stay for ever.
 */
export const ADMIN_SCRIPT = String.raw`
var admin = { allowed: false };

/** Reads the dead letters; a non-admin key hides the panel (unless an admin key was given). */
async function refreshDeadLetters() {
  if (!adminKey()) return hideAdmin();
  var body;
  try {
    body = await getJson('/v1/admin/dead-letters?limit=100', { admin: true });
  } catch (error) {
    if ((error.status === 401 || error.status === 403) && !keyOf('admin')) return hideAdmin();
    byId('admin').hidden = false;
    showError('admin-error', 'Loading dead letters', error);
    return;
  }
  admin.allowed = true;
  setAdmin(true);
  byId('admin').hidden = false;
  clearError('admin-error');
  renderDeadLetters(body.items || []);
}

function hideAdmin() {
  admin.allowed = false;
  setAdmin(false);
  byId('admin').hidden = true;
}

function cell(text, className) {
  return el('td', { class: className || null, text: text === null || text === undefined ? '—' : text });
}

function deadLetterRow(item) {
  var requeue = item.messageId
    ? el('button', {
        type: 'button',
        'aria-label': 'Requeue message ' + item.messageId,
        text: 'Requeue',
        onclick: function (event) { requeueDeadLetters(item.messageId, event.currentTarget); },
      })
    : el('span', { class: 'small', text: 'no id: use Requeue all' });
  var discard = item.messageId
    ? el('button', {
        type: 'button',
        'aria-label': 'Discard message ' + item.messageId,
        text: 'Discard',
        onclick: function (event) { discardDeadLetter(item, event.currentTarget); },
      })
    : null;
  return el('tr', {}, [
    cell(item.messageId ? shortId(item.messageId) : null, 'mono'),
    el('td', { class: 'mono', title: item.jobId || null, text: item.jobId ? shortId(item.jobId) : '—' }),
    cell(item.tenant, 'opt'),
    cell(item.type),
    cell(item.code),
    cell(item.reason, 'opt reason'),
    cell(item.attempts, 'num opt'),
    cell(item.sourceQueue, 'mono opt'),
    el('td', {}, discard ? [requeue, ' ', discard] : [requeue]),
  ]);
}

function renderDeadLetters(items) {
  var body = byId('dead-letters-body');
  body.replaceChildren.apply(body, items.map(deadLetterRow));
  byId('dead-letters-empty').hidden = items.length > 0;
  byId('requeue-all').disabled = items.length === 0;
  setText(byId('dead-letters-count'), items.length === 100 ? '100 shown (more may wait)' : items.length + ' waiting');
}

/** What a requeue did, and why letters stayed (grouped by refusal code). */
function requeueSummary(body) {
  var requeued = body.requeued || [];
  var kept = body.notRequeued || [];
  var retried = requeued.filter(function (r) { return r.action === 'retried'; }).length;
  var parts = [];
  if (requeued.length > 0)
    parts.push('Requeued ' + requeued.length + ': ' + retried + ' retried as a new attempt, ' +
      (requeued.length - retried) + ' put back on their queue.');
  var codes = {};
  kept.forEach(function (k) { codes[k.refusal.code] = (codes[k.refusal.code] || 0) + 1; });
  var why = Object.keys(codes).map(function (code) { return codes[code] + ' ' + code; });
  if (kept.length > 0)
    parts.push('Kept ' + kept.length + ' (' + why.join(', ') + '): ' + kept[0].refusal.reason);
  if (body.complete === false) parts.push('Stopped early: requeue again for the rest.');
  return parts.length > 0 ? parts.join(' ') : 'Nothing was requeued: the message is no longer there.';
}

/** What a discard removed. */
function discardSummary(body) {
  var n = (body.discarded || []).length;
  if (n === 0) return 'Nothing was discarded: the message is no longer there.';
  return 'Discarded ' + n + ' dead ' + (n === 1 ? 'letter' : 'letters') + ' for good.' +
    (body.complete === false ? ' Stopped early: discard again for the rest.' : '');
}

/** Removes every copy of one dead letter (by message id) for good, once confirmed. */
async function discardDeadLetter(item, button) {
  var text = 'Message ' + item.messageId + (item.code ? ' (' + item.code + ')' : '') +
    ' is removed from the dead-letter queue for good, with every copy of it. It cannot be requeued afterwards.';
  if (!(await confirmDialog('Discard this dead letter?', text, 'Discard', 'Keep it'))) return;
  button.disabled = true;
  say('admin-status', 'Discarding…');
  try {
    var body = await sendJson('POST', '/v1/admin/dead-letters/discard', { messageId: item.messageId }, { admin: true });
    clearError('admin-error');
    say('admin-status', discardSummary(body));
    await refreshDeadLetters();
    if (!button.isConnected) byId('admin-title').focus();
  } catch (error) {
    say('admin-status', '');
    showError('admin-error', 'Discarding', error);
  } finally {
    button.disabled = false;
  }
}

/** What "Requeue…" asks for: every dead letter, or those of the job type chosen beside it. */
function requeueAllBody() {
  var type = byId('requeue-type').value;
  return type ? { jobType: type } : {};
}

/** Requeues one dead letter by message id, or all of them (of a type) when messageId is undefined. */
async function requeueDeadLetters(messageId, button) {
  var bulk = messageId === undefined ? requeueAllBody() : null;
  if (bulk) {
    var which = bulk.jobType ? 'every ' + bulk.jobType + ' dead letter' : 'every dead letter';
    var shown = byId('dead-letters-body').children.length;
    var text = 'Requeue ' + which + (bulk.jobType ? '' : ' (' + (shown === 100 ? 'at least 100' : shown) + ')') + '? Failed jobs run again as a new attempt.';
    if (!(await confirmDialog('Requeue dead letters?', text, 'Requeue', 'Keep them'))) return;
  }
  if (button) button.disabled = true;
  say('admin-status', 'Requeueing…');
  try {
    var body = await sendJson(
      'POST',
      '/v1/admin/dead-letters/requeue',
      bulk || { messageId: messageId },
      { admin: true },
    );
    clearError('admin-error');
    say('admin-status', requeueSummary(body));
    await Promise.all([refreshDeadLetters(), refreshAll()]);
    // The row's button went with its row: keep the focus in the panel.
    if (button && !button.isConnected) byId('admin-title').focus();
  } catch (error) {
    say('admin-status', '');
    showError('admin-error', 'Requeueing', error);
  } finally {
    if (button) button.disabled = false;
  }
}
`;

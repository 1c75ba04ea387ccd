/**
 * What the key may do, shown by classes on <body> (the stylesheet hides `needs-write` and
 * `needs-admin` parts without them), and the page's own confirmation dialog.
 */
export const ACCESS_SCRIPT = String.raw`
var access = { write: true, admin: false };

function applyAccess() {
  document.body.classList.toggle('can-write', access.write);
  document.body.classList.toggle('is-admin', access.admin);
  var notes = [];
  if (!access.write) notes.push('Read-only: this key may read jobs but not submit or change them.');
  if (!access.admin && keyOf('api'))
    notes.push('Queues, workers, dead letters, pausing and bulk actions need a key with the admin scope.');
  setText(byId('access-note'), notes.join(' '));
  byId('access-note').hidden = notes.length === 0;
}

function setAdmin(allowed) {
  if (access.admin === allowed) return;
  access.admin = allowed;
  applyAccess();
}

/** Called when the API refused a change with 403: the key lacks the submit scope. */
function markReadOnly() {
  if (!access.write) return;
  access.write = false;
  applyAccess();
}

/** Whether the key may write (the submit scope), asked of GET /v1/me before offering any action. */
async function learnAccess() {
  var me;
  try {
    me = await getJson('/v1/me');
  } catch (error) {
    // Unreachable or refused: the page keeps offering actions, and a 403 marks it read-only.
    return;
  }
  if ((me.scopes || []).indexOf('submit') < 0) markReadOnly();
}

function resetAccess() {
  access.write = true;
  access.admin = false;
  applyAccess();
}

var confirming = null;

/** Asks in a modal dialog; resolves true for yes, false for no, Escape or a second question. */
function confirmDialog(title, text, yesLabel, noLabel) {
  var dialog = byId('confirm-dialog');
  if (confirming) confirming(false);
  setText(byId('confirm-title'), title);
  setText(byId('confirm-text'), text);
  setText(byId('confirm-yes'), yesLabel || 'Yes');
  setText(byId('confirm-no'), noLabel || 'No');
  var opener = document.activeElement;
  return new Promise(function (resolve) {
    confirming = function (answer) {
      confirming = null;
      if (dialog.open) dialog.close();
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(answer);
    };
    dialog.showModal();
    byId('confirm-no').focus();
  });
}

function wireDialog() {
  byId('confirm-yes').addEventListener('click', function () { if (confirming) confirming(true); });
  byId('confirm-no').addEventListener('click', function () { if (confirming) confirming(false); });
  // Escape closes a modal dialog by itself: that is a no.
  byId('confirm-dialog').addEventListener('close', function () { if (confirming) confirming(false); });
}
`;

/**
 * Pause and resume a job type (admin): its workers stop taking jobs, which wait in the queue;
 * resuming starts them again. The table is rebuilt only when a state changed, so a button keeps
 * its focus across refreshes.
 */
export const JOB_TYPES_SCRIPT = String.raw`
var jobTypes = { key: '' };

function jobTypeRow(item) {
  var action = item.paused ? 'resume' : 'pause';
  var button = el('button', {
    type: 'button',
    class: item.paused ? null : 'danger',
    'data-action': action,
    'aria-label': (item.paused ? 'Resume ' : 'Pause ') + item.type,
    text: item.paused ? 'Resume' : 'Pause',
    onclick: function (event) { setPaused(item.type, action, event.currentTarget); },
  });
  return el('tr', { 'data-job-type': item.type }, [
    el('td', { class: 'mono', text: item.type }),
    el('td', {}, [item.paused ? el('span', { class: 'flag', text: 'paused' }) : 'running']),
    el('td', {}, [item.pausedAt ? timeElement(item.pausedAt) : '—']),
    el('td', {}, [button]),
  ]);
}

function renderJobTypes(body) {
  var items = body.items || [];
  var key = JSON.stringify(items);
  if (key === jobTypes.key) return;
  jobTypes.key = key;
  byId('job-types-body').replaceChildren.apply(byId('job-types-body'), items.map(jobTypeRow));
}

async function setPaused(type, action, button) {
  if (action === 'pause') {
    var text = 'Workers stop taking ' + type + ' jobs within about a second; running ones finish, new ones wait in the queue until you resume.';
    if (!(await confirmDialog('Pause ' + type + '?', text, 'Pause'))) return;
  }
  button.disabled = true;
  say('job-types-status', (action === 'pause' ? 'Pausing ' : 'Resuming ') + type + '…');
  try {
    var item = await sendJson('POST', '/v1/admin/job-types/' + encodeURIComponent(type) + '/' + action, {}, { admin: true });
    say('job-types-status', type + (item.paused ? ' is paused.' : ' runs again.'));
    clearError('ops-error');
    await refreshOps();
    var row = byId('job-types-body').querySelector('tr[data-job-type="' + type + '"] button');
    if (row) row.focus();
  } catch (error) {
    say('job-types-status', '');
    showError('ops-error', action === 'pause' ? 'Pausing' : 'Resuming', error);
  } finally {
    button.disabled = false;
  }
}
`;

/** The tenant's schedules: list with next and last run, create one, delete one. */
export const SCHEDULES_SCRIPT = String.raw`
function scheduleRow(schedule) {
  var remove = el('button', { type: 'button', class: 'danger needs-write', text: 'Delete' });
  remove.setAttribute('aria-label', 'Delete schedule ' + schedule.id);
  remove.addEventListener('click', function () { deleteSchedule(schedule.id, remove); });
  return el('tr', {}, [
    el('td', {}, [el('code', { text: shortId(schedule.id), title: schedule.id })]),
    el('td', {}, [el('code', { text: schedule.cron })]),
    el('td', { text: schedule.timezone }),
    el('td', { text: schedule.job.type }),
    el('td', {}, [schedule.nextRunAt ? timeElement(schedule.nextRunAt) : 'never']),
    el('td', {}, [schedule.lastRunAt ? timeElement(schedule.lastRunAt) : '—']),
    el('td', {}, [remove]),
  ]);
}

async function refreshSchedules() {
  var body = await getJson('/v1/schedules');
  var rows = byId('schedules-body');
  rows.replaceChildren.apply(rows, body.items.map(scheduleRow));
  byId('schedules-empty').hidden = body.items.length > 0;
}

/** The schedule form's input field as an object (empty: {}); throws a readable error. */
function scheduleInput() {
  var text = byId('schedule-input').value.trim();
  if (!text) return {};
  var value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(0, 'Input is not JSON', String(e.message || e), [], 'CLIENT');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(0, 'Input must be a JSON object', 'for example {"uploadId": "…"}', [], 'CLIENT');
  return value;
}

async function createSchedule(event) {
  event.preventDefault();
  clearError('schedule-error');
  var button = byId('schedule-button');
  button.disabled = true;
  try {
    var body = {
      cron: byId('schedule-cron').value.trim(),
      job: { type: byId('schedule-type').value, input: scheduleInput() },
    };
    var zone = byId('schedule-timezone').value.trim();
    if (zone) body.timezone = zone;
    var schedule = await sendJson('POST', '/v1/schedules', body);
    say('schedule-status', 'Created ' + shortId(schedule.id) + ': first run ' + formatTime(schedule.nextRunAt) + '.');
    await refreshSchedules();
  } catch (error) {
    say('schedule-status', '');
    showError('schedule-error', 'Creating the schedule', error);
  } finally {
    button.disabled = false;
  }
}

async function deleteSchedule(id, button) {
  if (!(await confirmDialog('Delete this schedule?', 'Schedule ' + id + ' starts no more jobs; its jobs so far stay.', 'Delete', 'Keep it'))) return;
  button.disabled = true;
  try {
    await call('DELETE', '/v1/schedules/' + encodeURIComponent(id));
    clearError('schedule-error');
    say('schedule-status', 'Deleted ' + shortId(id) + '.');
    await refreshSchedules();
    byId('schedules-title').focus();
  } catch (error) {
    button.disabled = false;
    showError('schedule-error', 'Deleting the schedule', error);
  }
}
`;

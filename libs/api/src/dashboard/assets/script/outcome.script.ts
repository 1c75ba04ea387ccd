/**
 * A job's outcome in words: a detection's segments and speech ratio, a processing job's format
 * and loudness, any other result as JSON, or its error.
 */
export const OUTCOME_SCRIPT = String.raw`
function seconds(n) {
  return (Number(n) || 0).toFixed(2) + ' s';
}

function detectionSummary(r) {
  var segments = Array.isArray(r.segments) ? r.segments : [];
  var shown = segments.slice(0, 12).map(function (s) {
    return seconds(s.start) + '–' + seconds(s.end);
  });
  return [
    el('p', {
      text: segments.length + ' speech segment' + (segments.length === 1 ? '' : 's') +
        ', speech ' + formatPercent(r.speechRatio) + ' of ' + seconds(r.duration) +
        ' (' + r.sampleRate + ' Hz, ' + r.channels + ' ch)',
    }),
    shown.length
      ? el('p', { class: 'mono small', text: shown.join(', ') + (segments.length > 12 ? ', …' : '') })
      : null,
  ];
}

function lufs(value) {
  return value === null || value === undefined ? 'silence' : Number(value).toFixed(1) + ' LUFS';
}

function processingSummary(r) {
  var output = r.output || {};
  return [
    el('p', {
      text: r.sampleRate + ' Hz, ' + r.channels + ' ch, ' + seconds(r.duration) +
        '; loudness ' + lufs(r.inputLufs) + ' → ' + lufs(r.outputLufs) +
        ' (gain ' + (r.gainDb >= 0 ? '+' : '') + Number(r.gainDb).toFixed(1) + ' dB)' +
        (output.size !== undefined ? '; output ' + formatBytes(output.size) : ''),
    }),
  ];
}

function outcomeOf(job) {
  if (job.error) {
    var e = job.error;
    return el('div', { class: 'outcome outcome-error' }, [
      el('h3', { text: job.status === 'RETRYING' ? 'Last error' : 'Error' }),
      el('p', {}, [el('strong', { text: e.code || 'ERROR' }), ' ' + (e.message || '')]),
      el('p', {
        class: 'small',
        text: (e.kind || '') + (e.retryable ? ', retryable' : ', not retryable'),
      }),
    ]);
  }
  if (!job.result) return null;
  var r = job.result;
  // A pipeline's result is its last step's.
  var type = job.steps && job.steps.length ? job.steps[job.steps.length - 1].type : job.type;
  var lines = type.indexOf('detection.') === 0
    ? detectionSummary(r)
    : type.indexOf('processing.') === 0
      ? processingSummary(r)
      : [el('p', { class: 'mono small', text: JSON.stringify(r) })];
  return el('div', { class: 'outcome outcome-ok' }, [el('h3', { text: 'Result' })].concat(lines));
}
`;

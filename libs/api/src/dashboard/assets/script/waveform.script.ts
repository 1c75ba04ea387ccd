/**
 * A job's audio as a waveform (GET /v1/uploads/:id/waveform: min and max per bucket) with its
 * speech segments drawn over it: a detection's result, or the segments a clips job cuts.
 * Read once per upload; redrawn only when the segments change.
 */
export const WAVEFORM_SCRIPT = String.raw`
var WAVEFORM_POINTS = 800;
var waveform = { uploadId: null, data: null, drawn: '', missing: false };

function segmentsOf(job) {
  var result = job.result || {};
  var input = job.input || {};
  if (Array.isArray(result.segments)) return result.segments;
  return Array.isArray(input.segments) ? input.segments : [];
}

function hideWaveform(caption) {
  byId('waveform').hidden = !caption;
  byId('waveform-chart').replaceChildren();
  setText(byId('waveform-caption'), caption || '');
  waveform.drawn = '';
}

async function showWaveform(job) {
  var uploadId = (job.input || {}).uploadId;
  if (!uploadId || waveform.missing) return hideWaveform('');
  if (waveform.uploadId !== uploadId) {
    waveform.uploadId = uploadId;
    waveform.data = null;
    waveform.drawn = '';
    try {
      waveform.data = await getJson('/v1/uploads/' + encodeURIComponent(uploadId) + '/waveform?points=' + WAVEFORM_POINTS);
    } catch (error) {
      waveform.uploadId = null;
      if (noRoute(error)) waveform.missing = true;
      if (detail.id === job.id) hideWaveform(noRoute(error) ? '' : 'No waveform: ' + (error.detail || error.title));
      return;
    }
  }
  if (detail.id !== job.id || !waveform.data) return;
  var segments = segmentsOf(job);
  var key = uploadId + JSON.stringify(segments);
  if (key !== waveform.drawn) drawWaveform(waveform.data, segments, key);
}

/** One vertical stroke per bucket from its min to its max, segments as bands behind. */
function waveformPath(data) {
  var d = '';
  var count = Math.min(data.min.length, data.max.length);
  for (var i = 0; i < count; i += 1) {
    var top = 50 - Math.max(-1, Math.min(1, data.max[i])) * 48;
    var bottom = 50 - Math.max(-1, Math.min(1, data.min[i])) * 48;
    d += 'M' + (i + 0.5) + ' ' + n2(top) + 'V' + n2(Math.max(bottom, top + 0.5));
  }
  return d;
}

function drawWaveform(data, segments, key) {
  var count = Math.max(1, Math.min(data.min.length, data.max.length));
  var duration = Number(data.durationSeconds) || 0;
  var bands = duration > 0
    ? segments.map(function (s) {
        var x = (s.start / duration) * count;
        var w = Math.max(0.5, ((s.end - s.start) / duration) * count);
        return svgEl('rect', { x: n2(x), y: 0, width: n2(w), height: 100, class: 'segment' }, [
          svgEl('title', { text: 'speech ' + seconds(s.start) + '–' + seconds(s.end) }),
        ]);
      })
    : [];
  var label = 'Waveform of ' + seconds(duration) + ' of audio with ' + plural(segments.length, 'speech segment');
  var svg = svgEl('svg', {
    viewBox: '0 0 ' + count + ' 100',
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': label,
  }, bands.concat([svgEl('path', { d: waveformPath(data), class: 'wave' })]));
  byId('waveform-chart').replaceChildren(svg);
  setText(byId('waveform-caption'), label + ' (' + data.sampleRate + ' Hz); 0 s to ' + seconds(duration) + '.');
  byId('waveform').hidden = false;
  waveform.drawn = key;
}
`;

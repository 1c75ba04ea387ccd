/**
 * The last hour per minute (GET /v1/stats/timeline): throughput, failures and queue wait, drawn
 * as small SVG line charts. An API without the endpoint hides the panel.
 */
export const CHARTS_SCRIPT = String.raw`
var CHART = { width: 320, height: 120, left: 34, right: 6, top: 8, bottom: 18 };
var charts = { missing: false };

var CHART_SPECS = [
  { id: 'chart-throughput', unit: '/min', series: ['submitted', 'succeeded'] },
  { id: 'chart-failures', unit: '/min', series: ['failed', 'cancelled'] },
  { id: 'chart-wait', unit: 'ms', series: ['queueWaitP50Ms', 'queueWaitP95Ms'], css: ['p50', 'p95'] },
];

/** 1, 2 or 5 times a power of ten, at least value (so the axis reads well). */
function niceMax(value) {
  if (!(value > 0)) return 1;
  var power = Math.pow(10, Math.floor(Math.log10(value)));
  var steps = [1, 2, 5, 10];
  for (var i = 0; i < steps.length; i += 1) if (steps[i] * power >= value) return steps[i] * power;
  return 10 * power;
}

function hhmm(iso) {
  var d = new Date(iso);
  return pad(d.getHours()) + ':' + pad(d.getMinutes());
}

function axisLabel(value, unit) {
  if (unit === 'ms') return value >= 1000 ? n2(value / 1000) + ' s' : value + ' ms';
  return String(value);
}

function drawChart(spec, buckets) {
  var c = CHART;
  var innerW = c.width - c.left - c.right;
  var innerH = c.height - c.top - c.bottom;
  var max = 0;
  spec.series.forEach(function (name) {
    buckets.forEach(function (b) { if (b[name] !== null && b[name] > max) max = b[name]; });
  });
  var top = niceMax(max);
  var x = function (i) { return c.left + (buckets.length > 1 ? (i / (buckets.length - 1)) * innerW : innerW / 2); };
  var y = function (v) { return v === null || v === undefined ? null : c.top + innerH - (v / top) * innerH; };
  var totals = spec.series.map(function (name, k) {
    var values = buckets.map(function (b) { return b[name]; });
    var sum = values.reduce(function (a, v) { return a + (v || 0); }, 0);
    return (spec.css ? spec.css[k] : name) + (spec.unit === 'ms' ? ' peak ' + axisLabel(Math.max.apply(null, values.map(function (v) { return v || 0; })), 'ms') : ' ' + sum);
  });
  var lines = spec.series.map(function (name, k) {
    var points = buckets.map(function (b, i) { return [x(i), y(b[name])]; });
    return svgEl('path', { d: linePath(points), class: 'series series-' + (spec.css ? spec.css[k] : name) });
  });
  var first = buckets[0];
  var last = buckets[buckets.length - 1];
  var svg = svgEl('svg', { viewBox: '0 0 ' + c.width + ' ' + c.height, role: 'img', 'aria-label': totals.join(', ') }, [
    svgEl('title', { text: totals.join(', ') }),
    svgEl('line', { x1: c.left, x2: c.width - c.right, y1: c.top + innerH, y2: c.top + innerH, class: 'axis' }),
    svgEl('line', { x1: c.left, x2: c.width - c.right, y1: c.top, y2: c.top, class: 'grid' }),
    svgEl('text', { x: c.left - 4, y: c.top + 4, 'text-anchor': 'end', class: 'tick', text: axisLabel(top, spec.unit) }),
    svgEl('text', { x: c.left - 4, y: c.top + innerH, 'text-anchor': 'end', class: 'tick', text: '0' }),
    first ? svgEl('text', { x: c.left, y: c.height - 4, class: 'tick', text: hhmm(first.start) }) : null,
    last ? svgEl('text', { x: c.width - c.right, y: c.height - 4, 'text-anchor': 'end', class: 'tick', text: hhmm(last.start) }) : null,
  ].concat(lines));
  byId(spec.id).replaceChildren(svg);
}

async function refreshCharts() {
  if (charts.missing || !keyOf('api')) return;
  var body;
  try {
    body = await getJson('/v1/stats/timeline?minutes=60');
  } catch (error) {
    if (noRoute(error)) {
      charts.missing = true;
      byId('charts').hidden = true;
      return;
    }
    byId('charts').hidden = false;
    return showError('charts-error', 'Loading the timeline', error);
  }
  clearError('charts-error');
  byId('charts').hidden = false;
  var buckets = body.buckets || [];
  CHART_SPECS.forEach(function (spec) { drawChart(spec, buckets); });
  say('charts-updated', 'Updated ' + formatTime(new Date().toISOString()));
}
`;

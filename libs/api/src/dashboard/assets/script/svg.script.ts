/** SVG drawn by the page itself (charts, the waveform): elements only, values as attributes. */
export const SVG_SCRIPT = String.raw`
var SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs, children) {
  var node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs || {}).forEach(function (name) {
    var value = attrs[name];
    if (value === null || value === undefined) return;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, String(value));
  });
  (children || []).forEach(function (child) { if (child) node.append(child); });
  return node;
}

/** A number for an SVG attribute: two decimals are plenty at these sizes. */
function n2(value) {
  return Math.round(value * 100) / 100;
}

/**
 * Path data through points [x, y|null]; a null value breaks the line. A point alone between
 * breaks is a zero-length segment, which a round line cap draws as a dot.
 */
function linePath(points) {
  var d = '';
  points.forEach(function (p, i) {
    if (p[1] === null) return;
    var before = i > 0 && points[i - 1][1] !== null;
    var after = i < points.length - 1 && points[i + 1][1] !== null;
    d += (before ? 'L' : 'M') + n2(p[0]) + ' ' + n2(p[1]) + (before || after ? '' : 'h0');
  });
  return d;
}
`;

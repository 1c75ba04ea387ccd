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

/** Path data through points [x, y|null]; a null value breaks the line. */
function linePath(points) {
  var d = '';
  var pen = false;
  points.forEach(function (p) {
    if (p[1] === null) {
      pen = false;
      return;
    }
    d += (pen ? 'L' : 'M') + n2(p[0]) + ' ' + n2(p[1]);
    pen = true;
  });
  return d;
}
`;

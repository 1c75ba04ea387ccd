// One swc configuration for the build and for Jest, with the workspace's path aliases
// rewritten to relative imports (swc wants an absolute baseUrl, so it is resolved here).
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const rc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

/** swc options for this workspace; `paths: false` leaves alias resolution to the caller. */
function swcOptions({ paths = true } = {}) {
  const options = { ...rc };
  delete options.$schema;
  const jsc = { ...options.jsc, baseUrl: root };
  if (!paths) delete jsc.paths;
  return { ...options, jsc, swcrc: false };
}

module.exports = { root, swcOptions };

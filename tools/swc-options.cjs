// One swc configuration for the build and for Jest, with the workspace's path aliases (those of
// tsconfig.base.json, the one list) rewritten to relative imports from an absolute baseUrl.
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const rc = readJson('.swcrc');
delete rc.$schema; // for editors; swc refuses it as an option
const aliases = Object.fromEntries(
  Object.entries(readJson('tsconfig.base.json').compilerOptions.paths).map(([alias, targets]) => [
    alias,
    targets.map((target) => `./${target}`),
  ]),
);

/** swc options for this workspace. */
function swcOptions() {
  return { ...rc, jsc: { ...rc.jsc, baseUrl: root, paths: aliases }, swcrc: false };
}

module.exports = { root, swcOptions };

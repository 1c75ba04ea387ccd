// Writes docs/asyncapi.json and docs/asyncapi.md from libs/contracts (`npm run docs:asyncapi`).
// The documents are generated, never edited: a unit test fails when they drift from the code.
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const { asyncApiFiles } = require('../libs/contracts/src/asyncapi/asyncapi-files.ts');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const docs = path.join(root, 'docs');
await mkdir(docs, { recursive: true });
for (const [name, text] of Object.entries(asyncApiFiles())) {
  await writeFile(path.join(docs, name), text);
  console.log(`wrote docs/${name}`);
}

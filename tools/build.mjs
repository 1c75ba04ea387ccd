// Compiles apps/ and libs/ to dist/ with swc (type checking is `npm run typecheck`), keeping
// the source layout so relative imports between libs hold, then bundles the entry point each
// service is started with: dist/apps/<name>/main.js (tools/app-bundles.cjs).
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { root, swcOptions } = require('./swc-options.cjs');
const { bundleApps } = require('./app-bundles.cjs');
const dist = path.join(root, 'dist');
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (isSource(entry.name)) yield full;
  }
}

async function compile(file) {
  const out = path.join(dist, path.relative(root, file)).replace(/\.ts$/, '.js');
  const options = { ...swcOptions(), filename: file, outputPath: out };
  const { code, map } = await transformFile(file, options);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
  if (map) await writeFile(`${out}.map`, map);
}

await rm(dist, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs']) for await (const f of walk(path.join(root, top))) files.push(f);
await Promise.all(files.map(compile));
const apps = await readdir(path.join(root, 'apps'));
await bundleApps(root, apps);
console.log(`built ${files.length} files into dist/, ${apps.length} apps bundled`);

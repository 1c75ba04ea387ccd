// Bundles each app's compiled entry (dist/apps/<app>/src/main.js) into one CommonJS file,
// dist/apps/<app>/main.js, with esbuild. Unbundled, a service's start is mostly Node finding,
// reading and compiling about 2,100 files one by one (Nest 12 ships ES modules, which Node 20
// loads through its ES module loader): bundled, a start takes about 40 % less CPU.
// Runs after swc, whose output keeps the decorator metadata Nest's injection needs.
const { build } = require('esbuild');
const { mkdir, writeFile } = require('node:fs/promises');
const path = require('node:path');

/**
 * Files a module starts on another thread or in another process, found beside that module
 * (`path.join(__dirname, ...)`). In a bundle `__dirname` is the app's folder, so a file whose
 * starter is in an app's bundle is bundled into that folder too. tools/app-bundles.spec.ts checks
 * that every module of libs/ and apps/ that starts a file beside itself is listed.
 */
const SPAWNED_ENTRIES = [
  {
    startedBy: 'libs/detection-jobs/src/detection-jobs.module',
    entry: 'libs/detection-jobs/src/detect.task',
  },
  {
    startedBy: 'libs/processing-jobs/src/processing-jobs.module',
    entry: 'libs/processing-jobs/src/processing.tasks',
  },
  {
    startedBy: 'libs/persistence/src/embedded/engine-thread',
    entry: 'libs/persistence/src/embedded/engine.thread',
  },
  {
    startedBy: 'libs/persistence/src/embedded/engine-initialiser',
    entry: 'libs/persistence/src/embedded/engine-initialise.process',
  },
];

const EXTERNAL = [
  // Left to Node at run time: each finds files beside its own sources (piscina its worker,
  // PGlite its WebAssembly and data, swagger-ui-dist the documentation page's assets).
  'piscina',
  '@electric-sql/*',
  'swagger-ui-dist',
  // Optional packages that Nest (validation, websockets, its other transports) and pg (its native
  // binding) load only when installed. They are not: the calls stay, and their loaders handle the
  // absence as before. A new one fails the build with esbuild's "Could not resolve".
  'class-validator',
  'class-transformer',
  '@nestjs/websockets/*',
  'kafkajs',
  'mqtt',
  'nats',
  '@nats-io/*',
  'ioredis',
  '@grpc/*',
  'amqp-connection-manager',
  '@fastify/*',
  'pg-native',
];

/** Bundles each of `entries` (output name under dist/apps: input file) in one esbuild run. */
async function bundle(root, entries) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: path.join(root, 'dist/apps'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Nest and our logs name classes; esbuild would rename two of the same name apart.
    keepNames: true,
    external: EXTERNAL,
    // Nest's ES modules find optional packages with createRequire(import.meta.url).
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Stack traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to the
    // TypeScript sources through swc's maps (not on by default: it makes every stack dearer).
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'error',
    write: false,
  });
  await Promise.all(
    result.outputFiles.map(async ({ path: file, contents, text }) => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, file.endsWith('.js') ? asciiOnly(text) : contents);
    }),
  );
  return result.metafile;
}

/**
 * esbuild escapes non-ASCII characters in code but keeps the comments it keeps as they are. One
 * such character makes Node decode the whole bundle the slow way and V8 hold it as two bytes a
 * character (18 MB in place of 9); escaped, it stays ASCII.
 */
const asciiOnly = (code) =>
  code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Bundles every app in `apps` (names under dist/apps) and the files each one starts. */
async function bundleApps(root, apps) {
  const mains = await bundle(
    root,
    Object.fromEntries(apps.map((app) => [`${app}/main`, `dist/apps/${app}/src/main.js`])),
  );
  const spawned = {};
  for (const app of apps) {
    const inputs = mains.outputs[`dist/apps/${app}/main.js`].inputs;
    for (const { startedBy, entry } of SPAWNED_ENTRIES)
      if (inputs[`dist/${startedBy}.js`])
        spawned[`${app}/${path.basename(entry)}`] = `dist/${entry}.js`;
  }
  await bundle(root, spawned);
}

module.exports = { SPAWNED_ENTRIES, asciiOnly, bundleApps };

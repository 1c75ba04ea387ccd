// Bundles each app's compiled entry (dist/apps/<app>/src/main.js) into one CommonJS file,
// dist/apps/<app>/main.js, with esbuild. Unbundled, a service's start is mostly Node finding,
// reading and compiling about 2,100 files one by one (Nest 12 ships ES modules, which Node 20
// loads through its ES module loader): the bundle spares that (docs/performance.md, "This stop").
// Runs after swc, whose output keeps the decorator metadata Nest's injection needs.
const { build } = require('esbuild');
const { isBuiltin } = require('node:module');
const path = require('node:path');

/**
 * Files a module starts on another thread or in another process, found beside that module
 * (`path.join(__dirname, ...)`). In a bundle `__dirname` is the app's folder, so each one an
 * app's bundle holds the starter of is bundled there too. tools/app-bundles.spec.ts checks that
 * every module of libs/ and apps/ that starts a file beside itself is listed.
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

// Left to Node at run time: each finds files beside its own sources (piscina its worker,
// PGlite its WebAssembly and data, swagger-ui-dist the documentation page's assets).
const EXTERNAL = ['piscina', '@electric-sql/*', 'swagger-ui-dist'];

/**
 * Optional packages that are not installed (Nest's other transports, class-validator, pg-native)
 * stay `require` calls, as in the sources: the code that loads them handles their absence.
 */
const missingPackagesExternal = {
  name: 'missing-packages-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'probe' || isBuiltin(args.path)) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'probe',
      });
      return found.errors.length > 0 ? { path: args.path, external: true } : undefined;
    });
  },
};

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
    plugins: [missingPackagesExternal],
    // Nest's ES modules find optional packages with createRequire(import.meta.url).
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Stack traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps maps them to the
    // TypeScript sources through swc's maps (not on by default: it makes every stack dearer).
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}

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

module.exports = { SPAWNED_ENTRIES, bundleApps };

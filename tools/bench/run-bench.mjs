// `npm run bench`: the end-to-end benchmark of issue 10 ("Measure first"). Starts what it
// measures as real processes and talks to them only as an outside user does (HTTP, AMQP with
// amqplib, SQL with pg, /proc); prints one table (medians of --reps repetitions, ratios
// between rows, the targets) and writes every figure to tmp/bench-<time>.json.
// See docs/performance.md for what each row measures. `npm run bench -- --help` for flags.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bareAmqpCeiling } from './ceiling/bare-amqp.bench.mjs';
import { projectorBench, transportBench } from './children/child-benches.mjs';
import { runDistributed } from './e2e/distributed.part.mjs';
import { runEmbedded } from './e2e/embedded.part.mjs';
import { jobInput, jobKind } from './e2e/job-kinds.mjs';
import { AMQP_URL } from './e2e/platform.mjs';
import { median } from './lib/stats.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { removePeerLeftovers, runPeer } from './peers/run-peer.mjs';
import { checkTargets } from './report/targets.mjs';
import { renderTable } from './report/table.mjs';
import { failures, withoutFailures } from './report/failures.mjs';
import { loadAverage } from './system/proc-stats.mjs';
import { serverSettings } from './system/postgres.mjs';
import { deleteTopology } from './system/rabbit.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const opts = parseOptions();
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (opts.print) {
  console.log(renderTable(JSON.parse(await readFile(opts.print, 'utf8'))));
  process.exit(0);
}

const t0 = Date.now();
const log = (msg) =>
  console.error(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const runId = `${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
const prefix = `bench-${runId}.`;
const cleanup = [() => deleteTopology(AMQP_URL, prefix)];
const workDir = await mkdtemp(path.join(tmpdir(), `jobmill-bench-${runId}-`));
const kind = jobKind(opts.job);

async function cleanUp() {
  for (const step of cleanup.reverse())
    await step().catch((e) => console.error(`cleanup: ${e.message}`));
  cleanup.length = 0;
}
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    log(`${signal}: stopping what the bench started`);
    void cleanUp().finally(() => process.exit(130));
  });

const results = {
  meta: {
    startedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'apps', 'libs') ? '+dirty' : ''}`,
    branch: git('rev-parse', '--abbrev-ref', 'HEAD'),
    node: process.version,
    cpus: cpus().length,
    jobType: kind.type,
    reps: opts.reps,
    searchReps: opts.searchReps,
    quick: opts.quick,
    loadStart: loadAverage(),
    postgres: await serverSettings().catch(() => undefined),
    options: { ...opts, parts: [...opts.parts] },
  },
};

/** Runs one part; a part that fails is recorded with its error and the others still run. */
async function part(name, fn) {
  if (!opts.parts.has(name)) return;
  log(`${name}`);
  try {
    results[name] = await fn();
  } catch (error) {
    log(`${name} FAILED: ${error.stack ?? error}`);
    results[name] = { error: String(error.message ?? error) };
  }
}

let failed = false;
try {
  await part('ceiling', async () => {
    const c = await bareAmqpCeiling({
      amqpUrl: AMQP_URL,
      prefix,
      messages: opts.ceilingMessages,
      reps: opts.reps,
      jobType: kind.type,
      input: jobInput(kind, { uploadId: '00000000-0000-4000-8000-000000000000' }),
    });
    return { ...c, rate: median(c.runs.map((r) => r.rate)) };
  });
  await part('transport', () =>
    transportBench(root, { messages: opts.transportMessages, rounds: opts.reps }),
  );
  await part('projector', () => projectorBench(root, { events: opts.projectorEvents }));
  results.peers = {};
  const peerNames = {
    bullmqPrefix: `bench-${runId}-bullmq`,
    pgbossDatabase: `jobmill_bench_${runId}_pgboss`,
  };
  if (opts.parts.has('bullmq') || opts.parts.has('pgboss'))
    cleanup.push(() => removePeerLeftovers(peerNames));
  for (const peer of ['bullmq', 'pgboss']) {
    if (!opts.parts.has(peer)) continue;
    log(peer);
    const args =
      peer === 'bullmq'
        ? { concurrency: 100, prefix: peerNames.bullmqPrefix }
        : { workers: 1, batch: 5000, database: peerNames.pgbossDatabase };
    results.peers[peer] = await runPeer(peer, {
      jobs: opts.peerJobs,
      reps: opts.reps,
      ...args,
    }).catch((e) => ({ error: e.message }));
  }
  const needsBuild = ['bulk', 'amqp', 'rest', 'latency', 'soak', 'embedded'].some((p) =>
    opts.parts.has(p),
  );
  if (needsBuild && !existsSync(path.join(root, 'dist/apps/api/main.js')))
    throw new Error('dist/apps is missing: run `npm run build` (npm run bench does it first)');
  if (['bulk', 'amqp', 'rest', 'latency', 'soak'].some((p) => opts.parts.has(p))) {
    opts.parts.add('distributed');
    await part('distributed', () => runDistributed({ root, runId, workDir, opts, cleanup, log }));
  }
  await part('embedded', () => runEmbedded({ root, runId, workDir, opts, cleanup, log }));
} catch (error) {
  failed = true;
  log(`bench FAILED: ${error.stack ?? error}`);
} finally {
  await cleanUp();
  // The services' logs stay when anything failed, to read why.
  if (failed || failures(results).length) log(`logs kept in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}

results.meta.loadEnd = loadAverage();
results.meta.durationSeconds = (Date.now() - t0) / 1000;
results.targets = checkTargets(withoutFailures(results));
const file =
  opts.json ?? path.join(root, 'tmp', `bench-${results.meta.startedAt.replace(/[:]/g, '-')}.json`);
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(results, null, 1)}\n`);
console.log(renderTable(results));
console.log(`\nresults: ${path.relative(root, file)}`);
process.exitCode = failed || failures(results).length ? 1 : 0;

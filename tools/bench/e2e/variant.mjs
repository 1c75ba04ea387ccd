// One way of submitting, measured end to end: a warm-up burst sizes the closed-loop bursts
// (about `drainSeconds` of work each), `reps` bursts give the drain rate and the per-job costs,
// then `searchReps` searches give the highest rate held open-loop. Each burst and window has a tenant
// of its own.
import { median } from '../lib/stats.mjs';
import { startCosts } from './costs.mjs';
import { drainBurst } from './drain.mjs';
import { findHeldRate } from './ladder.mjs';
import { offerLoad } from './open-loop.mjs';

const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

async function drains({
  submitter,
  counter,
  nextTenant,
  concurrency,
  apps,
  db,
  servers,
  opts,
  log,
}) {
  const burst = async (jobs) =>
    drainBurst({
      submitter,
      counter,
      tenant: await nextTenant(),
      jobs,
      concurrency,
      timeoutMs: 120_000 + jobs * 20,
    });
  const warm = await burst(opts.warmupJobs);
  const jobs = clamp(Math.round((warm.rate * opts.drainSeconds) / 100) * 100, 300, 100_000);
  const finish = await startCosts({ apps, db, servers });
  const runs = [];
  for (let rep = 0; rep < opts.reps; rep++) {
    runs.push(await burst(jobs));
    log(
      `  drain ${rep + 1}/${opts.reps}: ${jobs} jobs in ${runs.at(-1).seconds.toFixed(1)} s = ${runs.at(-1).rate.toFixed(0)} jobs/s`,
    );
  }
  const costs = await finish(jobs * opts.reps);
  return { warmup: warm, runs, rate: median(runs.map((r) => r.rate)), costs };
}

async function sustained({ submitter, counter, nextTenant, maxInFlight, hint, opts, log }) {
  const runWindow = async (rate) => {
    const w = await offerLoad({
      submitter,
      counter,
      tenant: await nextTenant(),
      rate,
      seconds: opts.windowSeconds,
      maxInFlight,
    });
    log(
      `  ${rate} jobs/s offered: ${w.held ? 'held' : 'NOT held'} (accepted ${w.achieved.toFixed(0)}/s, backlog ${w.backlogGrowth >= 0 ? '+' : ''}${w.backlogGrowth}, drained in ${w.drainSeconds.toFixed(1)} s)`,
    );
    return { ...w, samples: w.samples.filter((_, i) => i % 4 === 0) };
  };
  const searches = [];
  for (let rep = 0; rep < opts.searchReps; rep++) {
    const s = await findHeldRate({
      runWindow,
      hint,
      previous: searches.at(-1),
      bisectSteps: opts.bisectSteps,
    });
    log(`  search ${rep + 1}/${opts.searchReps}: highest rate held ${s.held} jobs/s`);
    searches.push(s);
  }
  return { searches, rate: median(searches.map((s) => s.held)) };
}

/** Measures one submitter; resolves with { drain, sustained } (sustained.error if it failed). */
export async function measureVariant(args) {
  args.log(`${args.label}: closed-loop bursts`);
  const drain = await drains(args);
  args.log(`${args.label}: open-loop rate ladder`);
  try {
    return { drain, sustained: await sustained({ ...args, hint: drain.rate }) };
  } catch (error) {
    args.log(`${args.label}: rate ladder FAILED: ${error.message}`);
    return { drain, sustained: { error: error.message, searches: [], windows: error.windows } };
  }
}

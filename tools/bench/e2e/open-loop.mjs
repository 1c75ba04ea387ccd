// Open loop: jobs offered at a fixed rate for a window, whatever the system does, while the
// read model is sampled. The rate is held when the submissions went through at the rate and the
// backlog (accepted, not yet terminal) did not grow over the second half of the window (the
// first half lets the backlog reach its steady level, rate x latency).
import { slope } from '../lib/stats.mjs';
import { nowMs, sleep } from '../lib/wait.mjs';

const TICK_MS = 5;

/** Sends what is due every tick, in chunks of up to `maxChunk` (flushed at least every 100 ms). */
function startPacer({ submitter, tenant, rate, seconds, maxInFlight, onAccepted }) {
  const state = { requested: 0, accepted: 0, failed: 0, inFlight: 0, errors: [] };
  const chunk = Math.max(1, Math.min(submitter.maxChunk, Math.ceil(rate / 10)));
  const t0 = nowMs();
  const end = t0 + seconds * 1000;
  const pending = new Set();
  const send = (n) => {
    state.requested += n;
    state.inFlight += 1;
    const sentAt = nowMs();
    const p = submitter
      .submit(tenant, n)
      .then(
        (ids) => {
          state.accepted += n;
          onAccepted?.(ids, sentAt, nowMs());
        },
        (error) => {
          state.failed += n;
          if (state.errors.length < 5) state.errors.push(String(error?.message ?? error));
        },
      )
      .finally(() => {
        state.inFlight -= 1;
        pending.delete(p);
      });
    pending.add(p);
  };
  const run = (async () => {
    let lastFlush = t0;
    for (let now = nowMs(); now < end; now = nowMs()) {
      let due = Math.floor((rate * (now - t0)) / 1000) - state.requested;
      while (due > 0 && state.inFlight < maxInFlight && (due >= chunk || now - lastFlush >= 100)) {
        const n = Math.min(chunk, due);
        send(n);
        due -= n;
        lastFlush = now;
      }
      await sleep(TICK_MS);
    }
    state.sendSeconds = (nowMs() - t0) / 1000;
  })();
  return { t0, state, run, pending };
}

/** Samples { t, accepted, terminal, backlog } every `everyMs` until `stop()`. */
function startSampler(counter, tenant, state, t0, everyMs) {
  const samples = [];
  let stopped = false;
  const run = (async () => {
    while (!stopped) {
      const accepted = state.accepted;
      const t = (nowMs() - t0) / 1000;
      const c = await counter.count(tenant);
      samples.push({
        t,
        accepted,
        terminal: c.terminal,
        failed: c.failed,
        backlog: accepted - c.terminal,
      });
      await sleep(everyMs);
    }
  })();
  return { samples, stop: () => ((stopped = true), run) };
}

/**
 * The backlog's growth over the second half of the window: the least-squares trend of every
 * sample in it, times its length. Its two ends alone read a pause of a quarter second that
 * happens to fall on the last sample (a vacuum, a collection) as a growing backlog.
 */
function backlogGrowth(samples, half, last) {
  if (!half || !last) return Infinity;
  const points = samples
    .filter((s) => s.t >= half.t && s.t <= last.t)
    .map((s) => ({ x: s.t, y: s.backlog }));
  const trend = slope(points);
  return trend === undefined ? Infinity : Math.round(trend * (last.t - half.t));
}

function verdict(samples, rate, seconds, state) {
  const half = samples.find((s) => s.t >= seconds / 2);
  const last = [...samples].reverse().find((s) => s.t <= seconds + 0.05) ?? samples.at(-1);
  const achieved = state.accepted / seconds;
  const growth = backlogGrowth(samples, half, last);
  const allowed = Math.max(0.05 * rate * ((last?.t ?? 0) - (half?.t ?? 0)), Math.ceil(rate / 10));
  const keptUp = growth <= allowed;
  const offeredOk = achieved >= 0.95 * rate && state.failed === 0;
  return {
    achieved,
    backlogGrowth: growth,
    // The change between the two ends alone (the verdict before the trend), for comparison.
    endpointGrowth: half && last ? last.backlog - half.backlog : undefined,
    allowedGrowth: allowed,
    keptUp,
    offeredOk,
    held: keptUp && offeredOk,
  };
}

/**
 * Offers `rate` jobs/s for `seconds`, then waits until every accepted job is terminal
 * (up to `drainTimeoutMs`). Resolves with the window's record, `held` among it.
 */
export async function offerLoad({
  submitter,
  counter,
  tenant,
  rate,
  seconds,
  maxInFlight = 64,
  sampleMs = 250,
  drainTimeoutMs = 120_000,
  onAccepted,
}) {
  const pacer = startPacer({ submitter, tenant, rate, seconds, maxInFlight, onAccepted });
  const sampler = startSampler(counter, tenant, pacer.state, pacer.t0, sampleMs);
  await pacer.run;
  await Promise.race([Promise.allSettled([...pacer.pending]), sleep(500)]);
  const windowEnd = nowMs();
  const v = verdict(sampler.samples, rate, seconds, pacer.state);
  await Promise.allSettled([...pacer.pending]);
  let drained = false;
  let progress = { at: nowMs(), terminal: -1 };
  for (const deadline = nowMs() + drainTimeoutMs; nowMs() < deadline;) {
    const last = sampler.samples.at(-1);
    if (last && last.terminal >= pacer.state.accepted && pacer.state.inFlight === 0) {
      drained = true;
      break;
    }
    // A backlog that stopped moving will not drain: give up on it early.
    if (last && last.terminal !== progress.terminal)
      progress = { at: nowMs(), terminal: last.terminal };
    else if (nowMs() - progress.at > 30_000) break;
    await sleep(sampleMs);
  }
  await sampler.stop();
  const failedJobs = sampler.samples.at(-1)?.failed ?? 0;
  return {
    rate,
    seconds,
    ...v,
    held: v.held && failedJobs === 0,
    requested: pacer.state.requested,
    accepted: pacer.state.accepted,
    submitErrors: pacer.state.failed,
    errors: pacer.state.errors,
    failedJobs,
    drained,
    drainSeconds: (nowMs() - windowEnd) / 1000,
    samples: sampler.samples,
  };
}

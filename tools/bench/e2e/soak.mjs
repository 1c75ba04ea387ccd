// The soak: a fixed, moderate rate for minutes, with every app's RSS sampled every few seconds,
// to see whether memory stays flat under steady load (start, end, and the least-squares slope).
// The load runs a warm-up first: a service rises from its idle figure to its working set in the
// first 20-30 s, and that step, inside a 5-minute series, alone reads as 1-2 MB/min of "growth".
// The slope is taken over the soak after it; the slope with the warm-up is kept beside it.
import { memory } from '../system/proc-stats.mjs';
import { slope } from '../lib/stats.mjs';
import { nowMs, sleep } from '../lib/wait.mjs';
import { offerLoad } from './open-loop.mjs';

function startRssSampler(apps, everyMs) {
  const series = Object.fromEntries(Object.keys(apps).map((name) => [name, []]));
  const t0 = nowMs();
  let stopped = false;
  const run = (async () => {
    while (!stopped) {
      const t = (nowMs() - t0) / 1000;
      for (const [name, app] of Object.entries(apps)) {
        const m = memory(app.pid);
        if (m) series[name].push({ t, rssMb: m.rssMb });
      }
      await sleep(everyMs);
    }
  })();
  return { series, stop: () => ((stopped = true), run) };
}

function perMinute(points) {
  const perSecond = slope(points.map((p) => ({ x: p.t, y: p.rssMb })));
  return perSecond === undefined ? undefined : perSecond * 60;
}

/**
 * Offers `rate` jobs/s for `warmupSeconds` and then `seconds` through `submitter`; resolves with
 * RSS per app over the `seconds` after the warm-up.
 */
export async function soak({
  apps,
  submitter,
  counter,
  tenant,
  rate,
  seconds,
  warmupSeconds = 0,
  rssEveryMs = 5_000,
}) {
  const sampler = startRssSampler(apps, rssEveryMs);
  const window = await offerLoad({
    submitter,
    counter,
    tenant,
    rate,
    seconds: warmupSeconds + seconds,
    sampleMs: 1_000,
    drainTimeoutMs: 300_000,
  });
  await sampler.stop();
  const rss = {};
  for (const [name, points] of Object.entries(sampler.series)) {
    const whole = points.filter((p) => p.t <= warmupSeconds + seconds);
    const during = whole.filter((p) => p.t >= warmupSeconds);
    rss[name] = {
      startMb: during[0]?.rssMb,
      endMb: during.at(-1)?.rssMb,
      maxMb: Math.max(...during.map((p) => p.rssMb)),
      slopeMbPerMin: perMinute(during),
      slopeWithWarmupMbPerMin: perMinute(whole),
      points: whole,
    };
  }
  return {
    rate,
    seconds,
    warmupSeconds,
    held: window.held,
    accepted: window.accepted,
    failedJobs: window.failedJobs,
    rss,
  };
}

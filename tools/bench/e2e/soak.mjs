// The soak: a fixed, moderate rate for minutes, with every app's RSS sampled every few seconds,
// to see whether memory stays flat under steady load (start, end, and the least-squares slope).
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

/** Offers `rate` jobs/s for `seconds` through `submitter`; resolves with RSS per app. */
export async function soak({
  apps,
  submitter,
  counter,
  tenant,
  rate,
  seconds,
  rssEveryMs = 5_000,
}) {
  const sampler = startRssSampler(apps, rssEveryMs);
  const window = await offerLoad({
    submitter,
    counter,
    tenant,
    rate,
    seconds,
    sampleMs: 1_000,
    drainTimeoutMs: 300_000,
  });
  await sampler.stop();
  const rss = {};
  for (const [name, points] of Object.entries(sampler.series)) {
    const during = points.filter((p) => p.t <= seconds);
    const perSecond = slope(during.map((p) => ({ x: p.t, y: p.rssMb })));
    rss[name] = {
      startMb: during[0]?.rssMb,
      endMb: during.at(-1)?.rssMb,
      maxMb: Math.max(...during.map((p) => p.rssMb)),
      slopeMbPerMin: perSecond === undefined ? undefined : perSecond * 60,
      points: during,
    };
  }
  return {
    rate,
    seconds,
    held: window.held,
    accepted: window.accepted,
    failedJobs: window.failedJobs,
    rss,
  };
}

// Closed loop: a burst of N jobs submitted as fast as the submitter goes (with `concurrency`
// requests or publishes in flight), timed from the first submission until the read model shows
// all N terminal. The cheap fallback figure next to the sustained, open-loop one.
import { nowMs, sleep } from '../lib/wait.mjs';

async function submitAll(submitter, tenant, jobs, concurrency) {
  let remaining = jobs;
  const loop = async () => {
    while (remaining > 0) {
      const n = Math.min(submitter.maxChunk, remaining);
      remaining -= n;
      await submitter.submit(tenant, n);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

/** Runs one burst; resolves with { jobs, seconds, rate, acceptSeconds, failed }. */
export async function drainBurst({ submitter, counter, tenant, jobs, concurrency, timeoutMs }) {
  const t0 = nowMs();
  let acceptedAt;
  let failure;
  const submitted = submitAll(submitter, tenant, jobs, concurrency).then(
    () => (acceptedAt = nowMs()),
    (error) => (failure = error),
  );
  const deadline = t0 + timeoutMs;
  let count;
  for (;;) {
    if (failure) throw failure;
    count = await counter.count(tenant);
    if (count.terminal >= jobs) break;
    if (nowMs() > deadline)
      throw new Error(`burst of ${jobs}: only ${count.terminal} terminal after ${timeoutMs} ms`);
    await sleep(100);
  }
  const seconds = (nowMs() - t0) / 1000;
  await submitted;
  if (failure) throw failure;
  return {
    jobs,
    seconds,
    rate: jobs / seconds,
    acceptSeconds: (acceptedAt - t0) / 1000,
    failed: count.failed + count.cancelled,
  };
}

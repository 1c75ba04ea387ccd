// Closed loop: a burst of N jobs submitted as fast as the submitter goes (with `concurrency`
// requests or publishes in flight), timed from the first submission until the read model shows
// all N terminal. The cheap fallback figure next to the sustained, open-loop one.
import { nowMs, sleep } from '../lib/wait.mjs';

const STALL_MS = 30_000;

/** Submits `jobs` for `tenant` in the submitter's chunks, `concurrency` chunks in flight. */
export async function submitAll(submitter, tenant, jobs, concurrency) {
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
  let progress = { at: t0, seen: '' };
  for (;;) {
    if (failure) throw failure;
    count = await counter.count(tenant);
    if (count.terminal >= jobs) break;
    const now = nowMs();
    if (now > deadline)
      throw new Error(`burst of ${jobs}: only ${count.terminal} terminal after ${timeoutMs} ms`);
    if (`${count.total}/${count.terminal}` !== progress.seen)
      progress = { at: now, seen: `${count.total}/${count.terminal}` };
    // Nothing moves in the read model although every job was accepted: say so early.
    else if (acceptedAt && now - progress.at > STALL_MS)
      throw new Error(
        `burst of ${jobs}: accepted, but the read model shows ${count.total} jobs, ` +
          `${count.terminal} terminal, unchanged for ${STALL_MS / 1000} s (is the job type known?)`,
      );
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

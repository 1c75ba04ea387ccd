// Waiting with a deadline (never a bare sleep for an outcome) and a plain delay for pacing.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something other than undefined; throws after `timeoutMs`. */
export async function until(what, check, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution (same clock as Date.now()). */
export const nowMs = () => performance.timeOrigin + performance.now();

/** Wraps an async function so that it runs at most once; later calls get the same promise. */
export function once(fn) {
  let result;
  return () => (result ??= fn());
}

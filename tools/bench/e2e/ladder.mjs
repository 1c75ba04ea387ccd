// The highest rate held: a ladder of fixed rates (50, 100, 200, 400, ... jobs/s) climbed from
// a rung below the closed-loop figure until a rate is not held, then a few geometric bisection
// steps between the last rate held and the first one not held. A repetition starts at the
// previous repetition's result and climbs in steps of sqrt(2) with one bisection step, so every
// repetition ends at the same resolution (a factor of 2^(1/4), about +-9 %).

const BASE = 50;
const MAX_RATE = 200_000;
const round2 = (x) => {
  const p = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
};

async function climb(test, start, factor) {
  let lo = 0;
  let hi = Infinity;
  let rate = start;
  if ((await test(rate)).held) {
    lo = rate;
    while (hi === Infinity && rate * factor <= MAX_RATE) {
      rate = round2(rate * factor);
      if ((await test(rate)).held) lo = rate;
      else hi = rate;
    }
  } else {
    hi = rate;
    while (lo === 0 && rate / factor >= BASE / 2) {
      rate = round2(rate / factor);
      if ((await test(rate)).held) lo = rate;
      else hi = rate;
    }
  }
  return { lo, hi };
}

/**
 * Finds the highest rate held. `runWindow(rate)` offers one window and returns its record
 * (`held`). `hint`: a closed-loop rate to start below; `previous`: an earlier repetition's
 * result to start from. Resolves with { held, notHeldAt, windows }.
 */
export async function findHeldRate({ runWindow, hint, previous, bisectSteps = 2 }) {
  const windows = [];
  const offer = async (rate) => {
    const w = await runWindow(rate);
    windows.push(w);
    if (!w.drained)
      throw Object.assign(new Error(`backlog at ${rate}/s did not drain`), { windows });
    return w;
  };
  // A rate at half the closed-loop figure or below that fails more likely met a passing spike
  // than the limit, and the next repetition would start from below it: it is offered once more,
  // and the second window decides.
  const test = async (rate) => {
    const w = await offer(rate);
    return !w.held && hint && rate <= hint / 2 ? offer(rate) : w;
  };
  let start = BASE;
  while (hint && start * 2 <= hint / 2) start *= 2;
  const { lo: lo0, hi: hi0 } = previous?.held
    ? await climb(test, previous.held, Math.SQRT2)
    : await climb(test, start, 2);
  let lo = lo0;
  let hi = hi0;
  const steps = previous?.held ? Math.max(1, bisectSteps - 1) : bisectSteps;
  for (let i = 0; i < steps && lo > 0 && Number.isFinite(hi); i++) {
    const mid = round2(Math.sqrt(lo * hi));
    if (mid <= lo || mid >= hi) break;
    if ((await test(mid)).held) lo = mid;
    else hi = mid;
  }
  return { held: lo, notHeldAt: Number.isFinite(hi) ? hi : undefined, windows };
}

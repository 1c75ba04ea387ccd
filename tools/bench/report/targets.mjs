// Issue 10's targets, checked against one run's results, each as a ratio: for a "higher is
// better" target the ratio of the figure to what the target asks (>= 1 passes); for a ceiling
// (latency, memory) the figure over the limit (<= 1 passes). Our end-to-end figures are the
// sustained rates held (open loop); the peers' are their closed-loop drain rates, their best.

const RSS_LIMIT_MB = 200;
/** "Flat over the soak": this bench's reading of it, at most 1 MB/min of RSS growth. */
export const FLAT_MB_PER_MIN = 1;

// A rate held of 0 means not even the ladder's lowest rung (25 jobs/s): the ratio is then an
// upper bound, 25 / reference, marked `below`.
function atLeast(label, value, reference, factor) {
  if (reference === 0) return { label, missing: true, why: 'n/a: the reference held nothing' };
  if (value === undefined || !reference) return { label, missing: true };
  if (value === 0)
    return { label, ratio: 25 / reference, below: true, pass: false, need: `>= ${factor}x` };
  const ratio = value / reference;
  return { label, ratio, pass: ratio >= factor, need: `>= ${factor}x` };
}

function atMost(label, value, limit, unit) {
  if (value === undefined) return { label, missing: true };
  return { label, value, ratio: value / limit, pass: value <= limit, need: `<= ${limit} ${unit}` };
}

function worst(map) {
  const entries = Object.entries(map ?? {}).filter(([, v]) => Number.isFinite(v));
  return entries.sort((a, b) => b[1] - a[1])[0];
}

/** The list of targets with ratio and pass/miss (or `missing` when the part did not run). */
export function checkTargets(r) {
  const v = r.distributed?.variants ?? {};
  const bull = r.peers?.bullmq?.rate;
  const boss = r.peers?.pgboss?.rate;
  const bulk = v.bulk?.sustained.rate;
  const amqp = v.amqp?.sustained.rate;
  const rest = v.rest?.sustained.rate;
  // The four services; embedded mode is one process holding them all and its database.
  const [peakName, peakMb] = worst(r.distributed?.peakRssMb) ?? [];
  const slopes = Object.fromEntries(
    Object.entries(r.distributed?.soak?.rss ?? {}).map(([k, s]) => [k, s.slopeMbPerMin]),
  );
  const [slopeName, slopeMb] = worst(slopes) ?? [];
  return [
    atLeast('bulk submission e2e (held) vs BullMQ', bulk, bull, 1.0),
    atLeast('bulk submission e2e (held) vs pg-boss', bulk, boss, 1.0),
    atLeast('one command per AMQP message (held) vs BullMQ', amqp, bull, 0.5),
    atLeast('one job per REST request (held) vs AMQP one per message', rest, amqp, 0.6),
    atLeast('embedded mode bulk (held) vs BullMQ', r.embedded?.bulk.sustained.rate, bull, 0.3),
    {
      ...atLeast(
        'our transport vs bare amqplib (ceiling row)',
        r.transport?.ours,
        r.ceiling?.rate,
        0.8,
      ),
      // The transport bench's own bare rounds run interleaved with ours: shown beside, for context.
      note: r.transport?.bare
        ? `its own bare: ${(r.transport.ours / r.transport.bare).toFixed(2)}x`
        : undefined,
    },
    atMost(
      `submit->started visible p99 at ${r.distributed?.latency?.rate ?? 200}/s`,
      r.distributed?.latency?.startedVisible.p99,
      25,
      'ms',
    ),
    atMost(
      `submit->terminal visible p99 at ${r.distributed?.latency?.rate ?? 200}/s`,
      r.distributed?.latency?.terminalVisible.p99,
      60,
      'ms',
    ),
    atMost(`peak RSS of every service (worst: ${peakName ?? '-'})`, peakMb, RSS_LIMIT_MB, 'MB'),
    atMost(
      `RSS flat over the soak (worst slope: ${slopeName ?? '-'})`,
      slopeMb,
      FLAT_MB_PER_MIN,
      'MB/min',
    ),
    atLeast(
      'projector alone vs 20,000 events/s (DESIGN.md)',
      r.projector?.eventsPerSecond,
      20_000,
      1.0,
    ),
  ];
}

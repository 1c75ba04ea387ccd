// The one table `npm run bench` prints: throughput rows with medians, ranges and ratios, then
// latency, per-job costs, memory, and the targets. Built from the results object alone, so the
// same table can be rebuilt from the JSON file (`node tools/bench/run-bench.mjs --print <file>`).
import { costRows, latencyRows, memoryRows } from './detail-rows.mjs';
import { fmt, line, times } from './format.mjs';
import { failures, withoutFailures } from './failures.mjs';
import { checkTargets } from './targets.mjs';
import { RIGHT, throughputRows, W } from './throughput-rows.mjs';

function targets(r) {
  const out = ['targets (issue 10), from this run:'];
  for (const t of checkTargets(r)) {
    if (t.missing) out.push(line(['', t.label, t.why ?? 'not measured'], [4, 62, 24]));
    else {
      const figure =
        t.value !== undefined
          ? `${fmt(t.value)} (${times(t.ratio)} the limit)`
          : `${t.below ? '< ' : ''}${times(t.ratio)}`;
      out.push(
        line(
          ['', t.label, t.need, figure, t.pass ? 'PASS' : 'MISS', t.note ?? ''],
          [4, 62, 12, 26, 4],
        ),
      );
    }
  }
  return out;
}

// A machine busy before the bench started makes every figure lower and noisier: say so in the
// table itself (the load at the end is mostly the bench's own).
function busy(m) {
  const load = m.loadStart?.[0] ?? 0;
  if (load <= 0.3 * m.cpus) return [];
  return [
    `WARNING: load average ${load} on ${m.cpus} CPUs at start: the machine was not quiet, figures are not comparable with a quiet run`,
  ];
}

/** The whole table as text. */
export function renderTable(results) {
  const r = withoutFailures(results);
  const failedParts = failures(results).map(([part, error]) => `FAILED: ${part}: ${error}`);
  const m = r.meta;
  const rule = '-'.repeat(140);
  const head = [
    `jobmill bench  ${m.startedAt}  commit ${m.commit}  job ${m.jobType}  medians of ${m.reps}${m.quick ? ` (--quick: held rates and latency from ${m.searchReps})` : ''}  ${m.cpus} CPUs  node ${m.node}`,
    `load average (1/5/15 min): ${m.loadStart.join(' ')} at start, ${m.loadEnd?.join(' ') ?? '-'} at end; run time ${fmt(m.durationSeconds / 60)} min`,
    ...(m.postgres
      ? [
          `PostgreSQL ${m.postgres.version}: autovacuum ${m.postgres.autovacuum}, shared_buffers ${m.postgres.shared_buffers}, max_wal_size ${m.postgres.max_wal_size}`,
        ]
      : []),
    ...busy(m),
    rule,
    line(['#', 'measurement', 'median', 'range (min-max)', 'ratio'], W, RIGHT),
  ];
  return [
    ...head,
    ...throughputRows(r),
    ...latencyRows(r),
    ...costRows(r),
    ...memoryRows(r),
    ...failedParts,
    rule,
    ...targets(r),
  ].join('\n');
}

// Projector throughput: 100,000 events (5 per job) in batches of 500, median of 3 runs, each
// on a fresh database. Run: node -r @swc-node/register libs/persistence/bench/projector.bench.ts
// On the embedded engine (PGlite over its socket) instead of the local server: prefix the command
// with JOBMILL_TEST_DATABASE=embedded. BENCH_BATCH sets the batch size (a lightly loaded status
// service writes a few events at a time); BENCH_PREPARED=false runs the statement unprepared.
import { openDatabase } from '../src/data-source/open-database';
import { JobProjector } from '../src/projection/job-projector';
import type { ProjectableMessage } from '../src/projection/projectable-message';
import { JobScript } from '../src/testing/job-script.fixture';
import { createTestDatabase, testDatabaseEngine } from '../src/testing/test-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const PREPARED = process.env.BENCH_PREPARED !== 'false';
const RUNS = 3;
const TARGET = 20_000;

/** Jobs' lifecycles interleaved as a busy broker would deliver them: 5 messages per job. */
function workload(): ProjectableMessage[] {
  const jobs = Array.from({ length: EVENTS / 5 }, () => new JobScript('bench'));
  const stages = [
    (s: JobScript) => s.commandCopy(),
    (s: JobScript) => s.started(),
    (s: JobScript) => s.progress(0.5),
    (s: JobScript) => s.progress(0.9),
    (s: JobScript) => s.succeeded(),
  ];
  // Each job's messages are spread over consecutive batches, as with concurrent workers.
  const window = 100;
  const out: ProjectableMessage[] = [];
  for (let start = 0; start < jobs.length; start += window) {
    const group = jobs.slice(start, start + window);
    for (const stage of stages) for (const s of group) out.push(stage(s));
  }
  return out;
}

async function once(messages: ProjectableMessage[]): Promise<number> {
  const db = await createTestDatabase();
  // The embedded engine's options (one connection) win over the pool of two.
  const ds = await openDatabase({ poolSize: 2, preparedStatements: PREPARED, ...db.options });
  try {
    const projector = new JobProjector(ds);
    const started = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i += BATCH) {
      await projector.project(messages.slice(i, i + BATCH));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM jobs WHERE status = 'SUCCEEDED' AND progress = 1`,
    );
    if (Number(rows[0]?.n) !== messages.length / 5) throw new Error('projection incomplete');
    return messages.length / seconds;
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const rates: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const rate = await once(workload());
    rates.push(rate);
    console.log(`run ${run}: ${Math.round(rate).toLocaleString('en')} events/s`);
  }
  const median = [...rates].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0;
  const verdict = median >= TARGET ? 'meets' : 'MISSES';
  console.log(
    `projector on ${testDatabaseEngine()} PostgreSQL: ` +
      `${Math.round(median).toLocaleString('en')} events/s (median of ${RUNS}, ` +
      `${EVENTS} events, batches of ${BATCH}, ${PREPARED ? 'prepared' : 'unprepared'}) ` +
      `${verdict} the ${TARGET.toLocaleString('en')}/s target`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

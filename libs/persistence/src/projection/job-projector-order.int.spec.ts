import { openDatabase } from '../data-source/open-database';
import { JobScript, shuffle } from '../testing/job-script.fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobProjector } from './job-projector';
import type { ProjectableMessage } from './projectable-message';

// Every column but updated_at (the wall clock of the last write) must converge.
const SNAPSHOT = `SELECT id, tenant, type, status, attempt, max_attempts, progress, input, result,
  error, error_attempt, created_at, started_at, finished_at, next_attempt_at, worker, last_event_at
  FROM jobs ORDER BY id`;

/** The messages of jobs in varied lives, including one whose command never arrives. */
function scenario(): ProjectableMessage[] {
  const scripts = Array.from(
    { length: 7 },
    (_, i) => new JobScript('acme', Date.UTC(2026, 0, 1, i)),
  );
  const [happy, retried, failedLate, running, cancelled, queued, orphan] = scripts as [
    JobScript,
    JobScript,
    JobScript,
    JobScript,
    JobScript,
    JobScript,
    JobScript,
  ];
  return [
    ...[
      happy.commandCopy(),
      happy.started(),
      happy.progress(0.3),
      happy.progress(0.7),
      happy.succeeded(),
    ],
    ...[retried.commandCopy(), retried.started(1), retried.progress(0.4), retried.retrying(1)],
    ...[
      retried.commandCopy(2),
      retried.started(2, 'w2'),
      retried.progress(0.5, 2),
      retried.succeeded(2),
    ],
    ...[failedLate.commandCopy(), failedLate.started(1), failedLate.retrying(1)],
    ...[failedLate.started(2), failedLate.progress(0.9, 2), failedLate.failed(2)],
    ...[
      running.commandCopy(),
      running.started(1, 'w1'),
      running.progress(0.6),
      running.retrying(1),
    ],
    ...[
      running.started(2, 'w2'),
      running.progress(0.2, 2),
      running.retrying(2),
      running.started(3, 'w3'),
    ],
    ...[cancelled.commandCopy(), cancelled.cancelled()],
    queued.commandCopy(),
    ...[orphan.started(), orphan.progress(0.5)],
  ];
}

/** A deterministic pseudo-random generator, so that a failing order can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function shuffledBatches(messages: ProjectableMessage[], seed: number): ProjectableMessage[][] {
  const next = random(seed);
  const out = shuffle(messages, next);
  const batches: ProjectableMessage[][] = [];
  for (let i = 0; i < out.length;) {
    const size = 1 + Math.floor(next() * 6);
    batches.push(out.slice(i, i + size));
    i += size;
  }
  // Replay a few batches, as a redelivery after a lost ack would.
  return [...batches, ...batches.filter(() => next() < 0.3)];
}

describe('JobProjector: replays and orderings converge', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  const projectInto = async (schema: string, batches: ProjectableMessage[][]) => {
    // The embedded engine's options (a pool of one) win over the pool of two.
    const ds = await openDatabase({ poolSize: 2, ...db.options, schema });
    try {
      const projector = new JobProjector(ds);
      for (const batch of batches) await projector.project(batch);
      return {
        jobs: await ds.query<Array<Record<string, unknown>>>(SNAPSHOT),
        events: await ds.query<unknown[]>(
          'SELECT id, job_id, name, attempt, data FROM job_events ORDER BY id',
        ),
      };
    } finally {
      // One data source at a time: the embedded engine serves one connection.
      await ds.destroy();
    }
  };

  it('yields the same rows in order, reversed, shuffled and replayed', async () => {
    const messages = scenario();
    const inOrder = await projectInto('in_order', [messages]);
    expect(inOrder.jobs.map((j) => j.status)).toEqual(
      expect.arrayContaining([
        'SUCCEEDED',
        'SUCCEEDED',
        'FAILED',
        'RUNNING',
        'CANCELLED',
        'QUEUED',
      ]),
    );
    const running = inOrder.jobs.find((j) => j.status === 'RUNNING' && j.attempt === 3);
    expect(running).toMatchObject({ worker: 'w3', progress: 0, error_attempt: 2 });

    const oneByOne = await projectInto(
      'one_by_one',
      messages.map((m) => [m]),
    );
    expect(oneByOne).toEqual(inOrder);
    const reversed = await projectInto(
      'reversed',
      [...messages].reverse().map((m) => [m]),
    );
    expect(reversed).toEqual(inOrder);
    for (const seed of [1, 2, 3, 4]) {
      expect(await projectInto(`seed_${seed}`, shuffledBatches(messages, seed))).toEqual(inOrder);
    }
  });
});

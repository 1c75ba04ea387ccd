import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobProjector } from '../projection/job-projector';
import { JobRetryStore } from '../runs/job-retry.store';
import { JobScript } from '../testing/job-script.fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AcceptedJob } from './accepted-job';
import { JobStore } from './job.store';
import { UnconfirmedCommandsStore } from './unconfirmed-commands.store';
import { UnfinishedJobsStore } from './unfinished-jobs.store';

const accepted = (over: Partial<AcceptedJob> = {}): AcceptedJob => ({
  id: randomUUID(),
  tenant: 'acme',
  type: 'system.ping',
  input: { durationMs: 1 },
  ...over,
});

// A job's priority is kept with it (jobs.priority), so whoever issues its command again (the
// outbox sweeper, a manual retry, embedded recovery) sends it to its lane again.
describe('a job priority in the read model', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let jobs: JobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    jobs = new JobStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('is recorded with an accepted job, normal by default, and read back everywhere', async () => {
    const high = accepted({ priority: 'high' });
    const [low, plain] = [accepted({ priority: 'low' }), accepted()];
    const one = await jobs.insertAccepted(high);
    const many = await jobs.insertAcceptedMany([low, plain]);
    expect(one.inserted && one.job.priority).toBe('high');
    expect(many.map((j) => j.priority)).toEqual(['low', 'normal']);
    expect((await jobs.findById('acme', low.id))?.priority).toBe('low');
    const claimed = await new UnconfirmedCommandsStore(ds).claimDue(0, 10);
    expect(Object.fromEntries(claimed.map((c) => [c.id, c.priority]))).toEqual({
      [high.id]: 'high',
      [low.id]: 'low',
      [plain.id]: 'normal',
    });
    const unfinished = [];
    for await (const page of new UnfinishedJobsStore(ds).list()) unfinished.push(...page);
    expect(unfinished.find((j) => j.id === high.id)?.priority).toBe('high');
  });

  it('is kept by a manual retry', async () => {
    const job = accepted({ priority: 'low' });
    await jobs.insertAccepted(job);
    await ds.query(`UPDATE jobs SET status = 'FAILED' WHERE id = $1`, [job.id]);
    const reopened = await new JobRetryStore(ds).reopen('acme', job.id, randomUUID());
    expect(reopened.reopened && reopened.priority).toBe('low');
  });

  it('is learnt from the command copy of a job the API never saw, even after its events', async () => {
    const s = new JobScript();
    const copy = s.commandCopy();
    if (copy.kind !== 'command') throw new Error('a command copy');
    const command = { ...copy.command, data: { ...copy.command.data, priority: 'high' as const } };
    const projector = new JobProjector(ds);
    await projector.project([s.started()]);
    await projector.project([{ ...copy, command }]);
    expect((await jobs.findById(s.tenant, s.jobId))?.priority).toBe('high');
  });
});

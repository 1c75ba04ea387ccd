import { randomUUID } from 'node:crypto';
import { createCommand } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { JobProjector } from '../projection/job-projector';
import { JobRunStore } from '../runs/job-run.store';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

describe('SqlObserver', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let statements = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase({ ...db.options, observer: { statementRun: () => statements++ } });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('is told of each statement the stores run, inside transactions too, not of migrations', async () => {
    expect(statements).toBe(0);
    await new JobStore(ds).ping();
    expect(statements).toBe(1);
    await new JobStore(ds).insertAccepted({
      id: randomUUID(),
      tenant: 'acme',
      type: 'system.ping',
      input: {},
    });
    const before = statements;
    expect(before).toBeGreaterThan(1);
    const command = createCommand({
      jobId: randomUUID(),
      jobType: 'system.ping',
      tenant: 'acme',
      source: '/test',
      data: { input: {} },
    });
    // One statement for the whole batch.
    await new JobProjector(ds).project([{ kind: 'command', command, jobType: 'system.ping' }]);
    expect(statements - before).toBe(1);
    // A claim of a job seen before: its insert finds the row, then a transaction of two
    // statements (BEGIN and COMMIT are not counted).
    const runs = new JobRunStore(ds);
    const claim = {
      jobId: command.subject,
      tenant: 'acme',
      attempt: 1,
      messageId: command.id,
      worker: 'w-1',
      leaseMs: 60_000,
      takeOver: true,
    };
    await runs.claim(claim);
    const claimed = statements;
    await runs.claim(claim);
    expect(statements - claimed).toBe(3);
  });
});

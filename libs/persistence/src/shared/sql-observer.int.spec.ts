import { randomUUID } from 'node:crypto';
import { createCommand } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { JobProjector } from '../projection/job-projector';
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
    // One transaction, two statements (history rows, then the jobs upsert); BEGIN/COMMIT are not counted.
    await new JobProjector(ds).project([{ kind: 'command', command, jobType: 'system.ping' }]);
    expect(statements - before).toBe(2);
  });
});

import { randomUUID } from 'node:crypto';
import { JobStore } from '../jobs/job.store';
import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { QueueBacklogStore } from './queue-backlog.store';

describe('QueueBacklogStore', () => {
  const db = useMigratedDatabase();

  it('counts the QUEUED jobs of a type, across tenants, up to a bound', async () => {
    const { ds } = db;
    const jobs = new JobStore(ds);
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await jobs.insertAcceptedMany(
      ids.map((id, i) => ({
        id,
        tenant: i % 2 ? 'acme' : 'globex',
        type: 'system.ping',
        input: {},
      })),
    );
    await jobs.insertAcceptedMany([
      { id: randomUUID(), tenant: 'acme', type: 'detection.vad', input: {} },
    ]);
    await runSql(ds, `UPDATE jobs SET status = 'RUNNING' WHERE id = $1`, [ids[0]]);

    const backlog = new QueueBacklogStore(ds);
    expect(await backlog.queued('system.ping', 100)).toBe(4);
    expect(await backlog.queued('system.ping', 2)).toBe(2);
    expect(await backlog.queued('detection.vad', 100)).toBe(1);
    expect(await backlog.queued('processing.normalize', 100)).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { JobStore } from '../jobs/job.store';
import { WorkerInstanceStore } from '../operations/worker-instance.store';
import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { FairShareStore } from './fair-share.store';

const beat = (instance: string, jobTypes: string[], slots: number) => ({
  instance,
  service: 'detection-worker',
  jobTypes,
  slots,
  inFlight: 0,
  heartbeatMs: 1_000,
  startedAt: new Date(),
});

describe('FairShareStore', () => {
  const db = useMigratedDatabase();

  it("counts a tenant's queued and running jobs of a type, up to a bound, and the type's live slots", async () => {
    const jobs = new JobStore(db.ds);
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await jobs.insertAcceptedMany(
      ids.map((id) => ({ id, tenant: 'acme', type: 'system.ping', input: {} })),
    );
    await jobs.insertAcceptedMany([
      { id: randomUUID(), tenant: 'globex', type: 'system.ping', input: {} },
      { id: randomUUID(), tenant: 'acme', type: 'detection.vad', input: {} },
    ]);
    // One running, one retrying (both count), one finished and one pending (neither does).
    const setStatus = (id: string | undefined, status: string) =>
      runSql(db.ds, `UPDATE jobs SET status = $2 WHERE id = $1`, [id, status]);
    await setStatus(ids[0], 'RUNNING');
    await setStatus(ids[1], 'RETRYING');
    await setStatus(ids[2], 'SUCCEEDED');
    await setStatus(ids[3], 'PENDING');

    const workers = new WorkerInstanceStore(db.ds);
    await workers.beat(beat('a:1', ['detection.vad', 'system.ping'], 3));
    await workers.beat(beat('b:2', ['system.ping'], 2));
    await workers.beat(beat('c:3', ['processing.clips'], 8));
    // A silent instance's slots are not there to share.
    await workers.beat(beat('d:4', ['system.ping'], 50));
    await runSql(
      db.ds,
      `UPDATE worker_instances SET last_heartbeat_at = now() - interval '10 seconds' WHERE instance = 'd:4'`,
    );

    const store = new FairShareStore(db.ds);
    expect(await store.read('acme', 'system.ping', 100)).toEqual({ unfinished: 4, slots: 5 });
    expect(await store.read('acme', 'system.ping', 2)).toEqual({ unfinished: 2, slots: 5 });
    expect(await store.read('acme', 'detection.vad', 100)).toEqual({ unfinished: 1, slots: 3 });
    expect(await store.read('nobody', 'processing.normalize', 100)).toEqual({
      unfinished: 0,
      slots: 0,
    });
  });
});

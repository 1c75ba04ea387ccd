import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobProjector } from '../projection/job-projector';
import type { ProjectableMessage } from '../projection/projectable-message';
import { JobScript } from '../testing/job-script.fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobSummaryStore } from './job-summary';

describe('JobSummaryStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let projector: JobProjector;
  let store: JobSummaryStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    projector = new JobProjector(ds);
    store = new JobSummaryStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** Projects `count` jobs of `tenant` through `steps`, each job's messages in order. */
  const jobs = async (
    tenant: string,
    count: number,
    steps: (s: JobScript) => ProjectableMessage[],
  ): Promise<void> => {
    const batch = Array.from({ length: count }, () => steps(new JobScript(tenant))).flat();
    await projector.project(batch);
  };

  it('answers zero for every state of a tenant without jobs', async () => {
    expect(await store.summarize('nobody')).toEqual({
      counts: {
        PENDING: 0,
        QUEUED: 0,
        RUNNING: 0,
        RETRYING: 0,
        SUCCEEDED: 0,
        FAILED: 0,
        CANCELLED: 0,
      },
      total: 0,
    });
  });

  it("counts the tenant's jobs by state, and no other tenant's", async () => {
    await jobs('acme', 3, (s) => [s.commandCopy()]);
    await jobs('acme', 2, (s) => [s.commandCopy(), s.started(), s.progress(0.4)]);
    await jobs('acme', 1, (s) => [s.commandCopy(), s.started(), s.retrying()]);
    await jobs('acme', 4, (s) => s.happyPath());
    await jobs('acme', 2, (s) => [s.commandCopy(), s.started(), s.failed()]);
    await jobs('acme', 1, (s) => [s.commandCopy(), s.cancelled()]);
    await jobs('globex', 5, (s) => s.happyPath());
    await jobs('globex', 2, (s) => [s.commandCopy()]);

    expect(await store.summarize('acme')).toEqual({
      counts: {
        PENDING: 0,
        QUEUED: 3,
        RUNNING: 2,
        RETRYING: 1,
        SUCCEEDED: 4,
        FAILED: 2,
        CANCELLED: 1,
      },
      total: 13,
    });
    const globex = await store.summarize('globex');
    expect(globex.total).toBe(7);
    expect(globex.counts).toMatchObject({ SUCCEEDED: 5, QUEUED: 2, RUNNING: 0 });
  });
});

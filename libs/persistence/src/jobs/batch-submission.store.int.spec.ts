import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { BatchSubmissionStore } from './batch-submission.store';
import { JobStore } from './job.store';

describe('BatchSubmissionStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: BatchSubmissionStore;
  let jobs: JobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    store = new BatchSubmissionStore(ds);
    jobs = new JobStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const claim = (key: string, jobIds = [randomUUID(), randomUUID()]) => ({
    tenant: 'acme',
    idempotencyKey: key,
    requestHash: 'h1',
    jobIds,
  });

  it('claims a key once; the next claim sees the first one and its jobs in order', async () => {
    const first = claim('k1');
    expect(await store.claim(first)).toEqual({ claimed: true });
    const again = await store.claim(claim('k1'));
    expect(again).toMatchObject({ claimed: false, requestHash: 'h1', jobIds: first.jobIds });
    await jobs.insertAcceptedMany(
      [...first.jobIds]
        .reverse()
        .map((id) => ({ id, tenant: 'acme', type: 'system.ping', input: {} })),
    );
    expect((await store.jobsOf('acme', first.jobIds)).map((j) => j.id)).toEqual(first.jobIds);
    expect(await store.jobsOf('globex', first.jobIds)).toEqual([]);
  });

  it('releases only the claim that holds the key', async () => {
    const mine = claim('k2');
    await store.claim(mine);
    await store.release('acme', 'k2', [randomUUID()]);
    expect(await store.claim(claim('k2'))).toMatchObject({ claimed: false });
    await store.release('acme', 'k2', mine.jobIds);
    expect(await store.claim(claim('k2'))).toEqual({ claimed: true });
  });

  it('keeps keys apart per tenant', async () => {
    await store.claim(claim('k3'));
    expect(await store.claim({ ...claim('k3'), tenant: 'globex' })).toEqual({ claimed: true });
  });
});

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { AcceptedJob } from './accepted-job';
import { JobStore } from './job.store';

const accepted = (over: Partial<AcceptedJob> = {}): AcceptedJob => ({
  id: randomUUID(),
  tenant: 'acme',
  type: 'detection.vad',
  input: { uploadId: randomUUID() },
  ...over,
});

describe('JobStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: JobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    store = new JobStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('inserts an accepted job as QUEUED and finds it', async () => {
    const job = accepted({ maxAttempts: 4 });
    const result = await store.insertAccepted(job);
    expect(result).toMatchObject({
      inserted: true,
      job: { id: job.id, status: 'QUEUED', attempt: 1, progress: 0, maxAttempts: 4 },
    });
    const found = await store.findById('acme', job.id);
    expect(found).toMatchObject({ id: job.id, input: job.input, result: null, error: null });
    expect(Date.parse(found?.createdAt ?? '')).not.toBeNaN();
  });

  it('returns the existing job on an idempotency-key conflict, with its request hash', async () => {
    const first = accepted({ idempotencyKey: 'k-1', requestHash: 'h-1' });
    await store.insertAccepted(first);
    const again = await store.insertAccepted(
      accepted({ idempotencyKey: 'k-1', requestHash: 'h-2' }),
    );
    expect(again).toMatchObject({
      inserted: false,
      existing: { id: first.id, requestHash: 'h-1' },
    });
    const otherTenant = await store.insertAccepted(
      accepted({ tenant: 'other', idempotencyKey: 'k-1' }),
    );
    expect(otherTenant.inserted).toBe(true);
  });

  it('inserts many in one go, answering a taken key with the job that holds it', async () => {
    const holder = accepted({ idempotencyKey: 'k-batch' });
    await store.insertAccepted(holder);
    const batch = [accepted(), accepted({ idempotencyKey: 'k-batch' }), accepted()];
    const views = await store.insertAcceptedMany(batch);
    expect(views.map((v) => v.id)).toEqual([batch[0]?.id, holder.id, batch[2]?.id]);
    expect(views.every((v) => v.status === 'QUEUED')).toBe(true);
  });

  it('keeps jobs apart by tenant', async () => {
    const job = accepted({ tenant: 'globex' });
    await store.insertAccepted(job);
    expect(await store.findById('acme', job.id)).toBeNull();
    expect(await store.findById('globex', job.id)).not.toBeNull();
    expect(await store.findById('globex', 'not-a-uuid')).toBeNull();
  });

  it('removes an unpublished job only while nothing has happened to it', async () => {
    const untouched = accepted();
    const touched = accepted();
    await store.insertAcceptedMany([untouched, touched]);
    await ds.query(
      `INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
       VALUES ($1, $2, 'acme', 'queued', 1, '{}', now())`,
      [randomUUID(), touched.id],
    );
    await store.removeUnpublished([untouched.id, touched.id]);
    expect(await store.findById('acme', untouched.id)).toBeNull();
    expect(await store.findById('acme', touched.id)).not.toBeNull();
    expect(await store.history('acme', touched.id)).toHaveLength(1);
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('JobStore.list', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: JobStore;
  const tenant = 'lister';

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    store = new JobStore(ds);
    // 25 jobs in one statement share created_at: the id must break the tie.
    await store.insertAcceptedMany(Array.from({ length: 25 }, () => accepted({ tenant })));
    await store.insertAcceptedMany(
      Array.from({ length: 7 }, () => accepted({ tenant, type: 'processing.normalize' })),
    );
    await store.insertAccepted(accepted({ tenant: 'someone-else' }));
    await ds.query(`UPDATE jobs SET status = 'SUCCEEDED' WHERE type = 'processing.normalize'`);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const all = async (q: { status?: 'SUCCEEDED'; type?: string }, limit: number) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await store.list(tenant, { ...q, limit, ...(cursor ? { cursor } : {}) });
      expect(result.items.length).toBeLessThanOrEqual(limit);
      ids.push(...result.items.map((j) => j.id));
      if (!result.nextCursor) return ids;
      cursor = result.nextCursor;
    }
    throw new Error('pagination did not end');
  };

  it('pages newest first without duplicates or gaps, even with equal created_at', async () => {
    const expected: Array<{ id: string }> = await ds.query(
      `SELECT id FROM jobs WHERE tenant = $1 ORDER BY created_at DESC, id DESC`,
      [tenant],
    );
    expect(expected).toHaveLength(32);
    expect(await all({}, 5)).toEqual(expected.map((r) => r.id));
    expect(await all({}, 32)).toEqual(expected.map((r) => r.id));
    const first = await store.list(tenant, { limit: 32 });
    expect(first.nextCursor).toBeNull();
    const newest = first.items[0]?.createdAt ?? '';
    expect(first.items.every((j) => j.createdAt <= newest)).toBe(true);
  });

  it('filters by status and by type', async () => {
    const done = await all({ status: 'SUCCEEDED' }, 3);
    expect(done).toHaveLength(7);
    const vad = await all({ type: 'detection.vad' }, 10);
    expect(vad).toHaveLength(25);
    expect(new Set(vad).size).toBe(25);
  });

  it('rejects a cursor it did not issue', async () => {
    for (const cursor of ['garbage', Buffer.from('[1,2]').toString('base64url'), '']) {
      await expect(store.list(tenant, { limit: 5, cursor })).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { runSql } from '../shared/run-sql';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { UploadStore } from './upload.store';

describe('UploadStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: UploadStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    store = new UploadStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('records an upload and finds it for its tenant only', async () => {
    const id = randomUUID();
    const size = 3 * 2 ** 32; // past 32 bits: stored as bigint, returned as a number
    await store.insert({
      id,
      tenant: 'acme',
      size,
      sha256: 'ab'.repeat(32),
      contentType: 'audio/wav',
    });
    expect(await store.find('acme', id)).toMatchObject({
      id,
      tenant: 'acme',
      size,
      sha256: 'ab'.repeat(32),
      contentType: 'audio/wav',
      filename: null,
    });
    expect(await store.find('globex', id)).toBeNull();
    expect(await store.find('acme', 'nope')).toBeNull();
  });

  it('tells in one query which ids are uploads of the tenant', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    await store.insert({
      id: mine,
      tenant: 'acme',
      size: 1,
      sha256: 'a'.repeat(64),
      contentType: 'audio/wav',
    });
    await store.insert({
      id: theirs,
      tenant: 'globex',
      size: 1,
      sha256: 'b'.repeat(64),
      contentType: 'audio/wav',
    });
    const asked = [mine, mine.toUpperCase(), theirs, randomUUID(), 'not-a-uuid'];
    expect([...(await store.existing('acme', asked))]).toEqual([mine, mine.toUpperCase()]);
    expect(await store.existing('acme', [])).toEqual(new Set());
  });

  it('keeps the file name when there is one', async () => {
    const id = randomUUID();
    await store.insert({
      id,
      tenant: 'acme',
      size: 1,
      sha256: 'x',
      contentType: 'audio/wav',
      filename: 'a.wav',
    });
    expect((await store.find('acme', id))?.filename).toBe('a.wav');
  });

  it("deletes the tenant's upload unless an unfinished job of the tenant reads it", async () => {
    const upload = async (tenant = 'acme') => {
      const id = randomUUID();
      await store.insert({
        id,
        tenant,
        size: 1,
        sha256: 'ab'.repeat(32),
        contentType: 'audio/wav',
      });
      return id;
    };
    const jobs = new JobStore(ds);
    const jobReading = async (uploadId: string) => {
      const id = randomUUID();
      await jobs.insertAccepted({ id, tenant: 'acme', type: 'detection.vad', input: { uploadId } });
      return id;
    };
    const free = await upload();
    expect(await store.deleteUnlessInUse('globex', free)).toEqual({ outcome: 'not-found' });
    expect(await store.deleteUnlessInUse('acme', free)).toEqual({ outcome: 'deleted' });
    expect(await store.find('acme', free)).toBeNull();
    expect(await store.deleteUnlessInUse('acme', free)).toEqual({ outcome: 'not-found' });
    expect(await store.deleteUnlessInUse('acme', 'not-a-uuid')).toEqual({ outcome: 'not-found' });

    const busy = await upload();
    const job = await jobReading(busy);
    expect(await store.deleteUnlessInUse('acme', busy)).toEqual({ outcome: 'in-use', jobId: job });
    expect(await store.find('acme', busy)).not.toBeNull();
    // Once the job has finished, its upload may go.
    await runSql(ds, `UPDATE jobs SET status = 'SUCCEEDED', finished_at = now() WHERE id = $1`, [
      job,
    ]);
    expect(await store.deleteUnlessInUse('acme', busy.toUpperCase())).toEqual({
      outcome: 'deleted',
    });
  });
});

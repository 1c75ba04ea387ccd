import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
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
});

import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ApiKeyStore } from './api-key.store';

const newKey = (over: Partial<Parameters<ApiKeyStore['insert']>[0]> = {}) => ({
  id: randomBytes(6).toString('hex'),
  tenant: 'acme',
  scopes: ['submit', 'read'] as const,
  rateLimitPerMinute: 60,
  secretHash: randomBytes(32).toString('hex'),
  ...over,
});

describe('ApiKeyStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: ApiKeyStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    store = new ApiKeyStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores a key and finds it usable, with its hash; lists it without the hash', async () => {
    const key = newKey({ name: 'ci' });
    const record = await store.insert(key);
    expect(record).toMatchObject({
      id: key.id,
      tenant: 'acme',
      name: 'ci',
      scopes: ['submit', 'read'],
    });
    expect(await store.findUsable(key.id)).toMatchObject({ secretHash: key.secretHash });
    const listed = await store.list('acme');
    expect(listed.find((k) => k.id === key.id)).not.toHaveProperty('secretHash');
  });

  it('refuses unknown scopes and an empty scope list', async () => {
    await expect(store.insert(newKey({ scopes: [] }))).rejects.toThrow();
    await expect(
      store.insert(newKey({ scopes: ['root'] as unknown as readonly ['read'] })),
    ).rejects.toThrow();
  });

  it('rotates once: the new key inherits the old one, which lasts its grace', async () => {
    const old = newKey({ tenant: 'globex', scopes: ['read'], rateLimitPerMinute: 7 });
    await store.insert(old);
    const next = { id: randomBytes(6).toString('hex'), secretHash: 'ab'.repeat(32) };
    const rotated = await store.rotate(old.id, next, 3600);
    expect(rotated).toMatchObject({
      id: next.id,
      tenant: 'globex',
      scopes: ['read'],
      rateLimitPerMinute: 7,
    });
    expect(await store.findUsable(old.id)).toMatchObject({ rotatedTo: next.id });
    // A key already rotated is not rotated again (two concurrent rotations make one new key).
    expect(
      await store.rotate(old.id, { id: randomBytes(6).toString('hex'), secretHash: 'cd' }, 0),
    ).toBeNull();
    const now = await store.rotate(
      next.id,
      { id: randomBytes(6).toString('hex'), secretHash: 'ef' },
      0,
    );
    expect(now).not.toBeNull();
    expect(await store.findUsable(next.id)).toBeNull();
  });

  it('revokes at once, and only once', async () => {
    const key = newKey();
    await store.insert(key);
    expect(await store.revoke(key.id)).toBe(true);
    expect(await store.findUsable(key.id)).toBeNull();
    expect(await store.revoke(key.id)).toBe(false);
    expect(await store.revoke('000000000000')).toBe(false);
  });
});

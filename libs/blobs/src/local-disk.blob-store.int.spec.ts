import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDiskBlobStore } from './local-disk.blob-store';

// fsync latency on a shared disk varies a lot under load.
jest.setTimeout(30_000);

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Emits `data` in chunks of `chunkSize`, like a network upload. */
const chunked = (data: Buffer, chunkSize = 16 * 1024) => {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunkSize) parts.push(data.subarray(i, i + chunkSize));
  return Readable.from(parts);
};

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('LocalDiskBlobStore (real disk)', () => {
  let dir: string;
  let store: LocalDiskBlobStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jobmill-blobs-'));
    store = new LocalDiskBlobStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a blob under a sharded path with the right size and sha256, and reads it back', async () => {
    const id = randomUUID();
    const data = randomBytes(300_001);
    expect(await store.put(id, chunked(data), { maxBytes: 1 << 20 })).toEqual({
      size: data.length,
      sha256: sha256(data),
    });
    expect(store.path(id)).toBe(join(dir, id.slice(0, 2), id.slice(2, 4), id));
    expect(await readFile(store.path(id))).toEqual(data);
    expect(await readAll(await store.open(id))).toEqual(data);
    expect(await store.stat(id)).toEqual({ size: data.length });
    expect(await filesUnder(dir)).toEqual([join(id.slice(0, 2), id.slice(2, 4), id)]);
  });

  it('accepts exactly maxBytes and refuses one byte more, leaving nothing behind', async () => {
    const data = randomBytes(64 * 1024);
    const exact = randomUUID();
    expect((await store.put(exact, chunked(data, 1000), { maxBytes: data.length })).size).toBe(
      data.length,
    );

    const over = randomUUID();
    const tooBig = Buffer.concat([data, Buffer.from([1])]);
    await expect(
      store.put(over, chunked(tooBig, 1000), { maxBytes: data.length }),
    ).rejects.toMatchObject({
      code: 'BLOB_TOO_LARGE',
      maxBytes: data.length,
    });
    expect(await store.stat(over)).toBeNull();
    await expect(store.open(over)).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    expect(await filesUnder(dir)).toEqual([relative(dir, store.path(exact))]);
  });

  it('leaves no partial blob when the source fails mid-stream', async () => {
    const id = randomUUID();
    const source = new Readable({ read: () => undefined });
    const put = store.put(id, source, { maxBytes: 1 << 20 });
    source.push(randomBytes(10_000));
    source.destroy(new Error('client went away'));
    await expect(put).rejects.toThrow('client went away');
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('publishes writer output only on commit, and removes it on abort', async () => {
    const kept = randomUUID();
    const writer = await store.createWriter(kept);
    writer.stream.write(Buffer.from('hello '));
    writer.stream.write(Buffer.from('world'));
    expect(await store.stat(kept)).toBeNull();
    expect(await writer.commit()).toEqual({ size: 11, sha256: sha256(Buffer.from('hello world')) });
    expect((await readFile(store.path(kept))).toString()).toBe('hello world');
    await expect(writer.commit()).rejects.toThrow('already committed');

    const dropped = randomUUID();
    const aborted = await store.createWriter(dropped);
    aborted.stream.write(randomBytes(5000));
    await aborted.abort();
    await aborted.abort();
    expect(await store.stat(dropped)).toBeNull();
    expect(await filesUnder(dir)).toEqual([relative(dir, store.path(kept))]);
  });

  it('enforces a writer maxBytes on the stream', async () => {
    const id = randomUUID();
    const writer = await store.createWriter(id, { maxBytes: 10 });
    const failed = new Promise((resolve) => writer.stream.once('error', resolve));
    writer.stream.write(Buffer.alloc(11));
    expect(await failed).toMatchObject({ code: 'BLOB_TOO_LARGE' });
    await expect(writer.commit()).rejects.toMatchObject({ code: 'BLOB_TOO_LARGE' });
    await writer.abort();
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('handles concurrent puts independently', async () => {
    const blobs = Array.from({ length: 20 }, () => ({
      id: randomUUID(),
      data: randomBytes(50_000 + Math.floor(Math.random() * 50_000)),
    }));
    const infos = await Promise.all(
      blobs.map((b) => store.put(b.id, chunked(b.data), { maxBytes: 1 << 20 })),
    );
    infos.forEach((info, i) => expect(info.sha256).toBe(sha256(blobs[i]?.data ?? Buffer.alloc(0))));
    for (const b of blobs) expect(await readFile(store.path(b.id))).toEqual(b.data);
    expect((await filesUnder(dir)).length).toBe(blobs.length);
  });

  it('refuses ids that are not UUIDs before touching the disk', async () => {
    await expect(
      store.put('../../escape', Readable.from([Buffer.from('x')]), { maxBytes: 10 }),
    ).rejects.toMatchObject({
      code: 'BLOB_ID_INVALID',
    });
    expect(() => store.path('../x')).toThrow(/blob id must be a UUID/);
    await expect(store.stat('nope')).rejects.toMatchObject({ code: 'BLOB_ID_INVALID' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('deletes idempotently and reports missing blobs as null / BLOB_NOT_FOUND', async () => {
    const id = randomUUID();
    await store.put(id, chunked(Buffer.from('abc')), { maxBytes: 3 });
    await store.delete(id);
    await store.delete(id);
    expect(await store.stat(id)).toBeNull();
    await expect(store.open(id)).rejects.toMatchObject({
      code: 'BLOB_NOT_FOUND',
      name: 'BlobNotFoundError',
    });
  });

  it('sweeps stale temp files left by a crash', async () => {
    const writer = await store.createWriter(randomUUID());
    writer.stream.write(Buffer.from('partial'));
    expect(await store.cleanupTemp(60_000)).toBe(0);
    await writer.abort();
    const crashed = await store.createWriter(randomUUID());
    crashed.stream.end(Buffer.from('partial'));
    await new Promise((resolve) => crashed.stream.once('close', resolve));
    expect(await store.cleanupTemp(-1)).toBe(1);
    expect(await filesUnder(dir)).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { shardSegments } from './blob-id';
import type { BlobInfo, BlobLimits, BlobStore, BlobWriter } from './blob-store.port';
import { BlobNotFoundError } from './errors/blob-not-found.error';
import { HashingFileWriter } from './hashing-file.writer';

const TEMP_DIR = '.tmp';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * A BlobStore on a local (or shared, e.g. NFS) directory: `<dir>/ab/cd/<id>`. Writes go to
 * `<dir>/.tmp` and are renamed into place after fsync, so a reader never sees a partial blob.
 */
export class LocalDiskBlobStore implements BlobStore {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** Streams `source` into a new blob; on any failure nothing is left behind. */
  async put(id: string, source: Readable, opts: BlobLimits): Promise<BlobInfo> {
    // Until pipeline takes over, an upload aborted meanwhile must not be an unhandled 'error'.
    const parked = () => undefined;
    source.on('error', parked);
    let writer: BlobWriter;
    try {
      writer = await this.createWriter(id, opts);
    } catch (err) {
      source.destroy();
      throw err;
    } finally {
      source.off('error', parked);
    }
    try {
      await pipeline(source, writer.stream);
      return await writer.commit();
    } catch (err) {
      await writer.abort();
      throw source.errored ?? err;
    }
  }

  /** Opens a blob for reading; BlobNotFoundError when missing. */
  async open(id: string): Promise<Readable> {
    try {
      const handle = await open(this.path(id), 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isMissing(err)) throw new BlobNotFoundError(id);
      throw err;
    }
  }

  /** Where the blob lives (or would live) on disk. */
  path(id: string): string {
    return join(this.root, ...shardSegments(id));
  }

  /** A writer into a temp file, published under `id` by `commit()`. */
  async createWriter(id: string, opts: Partial<BlobLimits> = {}): Promise<BlobWriter> {
    const target = this.path(id);
    const tempDir = join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${shardSegments(id)[2]}.${randomUUID()}.part`);
    const stream = new HashingFileWriter(await open(tempPath, 'wx'), opts.maxBytes);
    let state: 'open' | 'committed' | 'aborted' = 'open';

    const commit = async (): Promise<BlobInfo> => {
      if (state !== 'open') throw new Error(`blob writer for ${id} is already ${state}`);
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      const info = { size: stream.size, sha256: stream.digest() };
      await this.publish(tempPath, target);
      state = 'committed';
      return info;
    };
    const abort = async (): Promise<void> => {
      if (state !== 'open') return;
      state = 'aborted';
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await unlink(tempPath).catch((err: unknown) => {
        if (!isMissing(err)) throw err;
      });
    };
    return { stream, commit, abort };
  }

  /** The blob's size, or null. */
  async stat(id: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.path(id))).size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  /** Deletes the blob; a missing blob is fine. */
  async delete(id: string): Promise<void> {
    await unlink(this.path(id)).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
  }

  /** Removes temp files older than `olderThanMs` left by a crash mid-write; returns how many. */
  async cleanupTemp(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const tempDir = join(this.root, TEMP_DIR);
    const names = await readdir(tempDir).catch((err: unknown) => {
      if (isMissing(err)) return [];
      throw err;
    });
    let removed = 0;
    for (const name of names) {
      const file = join(tempDir, name);
      const info = await stat(file).catch(() => null);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await unlink(file).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }

  /** Renames the durable temp file into place, then fsyncs the directory so the name is durable too. */
  private async publish(tempPath: string, target: string): Promise<void> {
    const dir = join(target, '..');
    await mkdir(dir, { recursive: true });
    try {
      await rename(tempPath, target);
    } catch (err) {
      await unlink(tempPath).catch(() => undefined);
      throw err;
    }
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

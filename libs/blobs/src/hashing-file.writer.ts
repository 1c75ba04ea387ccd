import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { BlobTooLargeError } from './errors/blob-too-large.error';

/**
 * A Writable into an open file that counts and hashes what it writes, refuses to pass
 * `maxBytes`, and fsyncs and closes the file when ended (so 'finish' means durable).
 */
export class HashingFileWriter extends Writable {
  private readonly hash = createHash('sha256');
  private written = 0;
  private fileClosed = false;

  constructor(
    private readonly handle: FileHandle,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  /** Bytes written so far. */
  get size(): number {
    return this.written;
  }

  /** The hex SHA-256 of everything written; call once, after 'finish'. */
  digest(): string {
    return this.hash.digest('hex');
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this._writev([{ chunk }], callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer }>,
    callback: (error?: Error | null) => void,
  ): void {
    const buffers = chunks.map((c) => c.chunk);
    const length = buffers.reduce((sum, b) => sum + b.length, 0);
    if (this.written + length > this.maxBytes)
      return callback(new BlobTooLargeError(this.maxBytes));
    this.written += length;
    for (const buffer of buffers) this.hash.update(buffer);
    this.writeAll(buffers, length).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.handle
      .sync()
      .then(() => this.close())
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async close(): Promise<void> {
    if (this.fileClosed) return;
    this.fileClosed = true;
    await this.handle.close();
  }

  /** writev may write less than asked (e.g. a full disk mid-call); keep going from there. */
  private async writeAll(buffers: Buffer[], length: number): Promise<void> {
    let done = (await this.handle.writev(buffers)).bytesWritten;
    while (done < length) {
      const rest = Buffer.concat(buffers).subarray(done);
      done += (await this.handle.write(rest)).bytesWritten;
    }
  }
}

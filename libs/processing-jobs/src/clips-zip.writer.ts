import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * A ZIP written as a stream: entries one after another, each streamed in turn, into `out`.
 * WAV entries are stored, not deflated: PCM barely compresses and deflating costs CPU.
 */
export class ClipsZipWriter {
  private readonly zip = new ZipFile();
  private readonly done: Promise<void>;
  private entry: PassThrough | undefined;

  constructor(out: Writable) {
    this.done = pipeline(this.zip.outputStream, out);
    // Observed here so a failure before finish() is not an unhandled rejection; finish() rethrows.
    this.done.catch(() => undefined);
  }

  /** Adds a small file held in memory (the manifest). */
  addBuffer(name: string, bytes: Buffer): void {
    this.zip.addBuffer(bytes, name, { compress: true });
  }

  /** Starts a streamed entry; the previous one must have been ended. */
  startEntry(name: string): void {
    this.entry = new PassThrough({ highWaterMark: 1 << 18 });
    this.zip.addReadStream(this.entry, name, { compress: false });
  }

  /** Writes to the current entry, waiting while the ZIP's consumer is behind. */
  async write(bytes: Uint8Array): Promise<void> {
    const entry = this.entry;
    if (!entry) throw new Error('no ZIP entry started');
    if (!entry.write(bytes)) await once(entry, 'drain');
  }

  /** Ends the current entry. */
  endEntry(): void {
    this.entry?.end();
    this.entry = undefined;
  }

  /** Writes the central directory and waits until every byte reached `out`. */
  async finish(): Promise<void> {
    this.zip.end();
    await this.done;
  }

  /** Stops writing after a failure. */
  abort(): void {
    this.entry?.destroy();
    (this.zip.outputStream as Readable).destroy();
  }
}

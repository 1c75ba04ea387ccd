import type { Readable, Writable } from 'node:stream';

/** What a stored blob is: its length and the hex SHA-256 of its bytes. */
export interface BlobInfo {
  size: number;
  sha256: string;
}

/** Limits for put and createWriter. */
export interface BlobLimits {
  /** Largest accepted size in bytes (inclusive). */
  maxBytes: number;
}

/** A blob being written: nothing is visible under its id until `commit()`. */
export interface BlobWriter {
  stream: Writable;
  /** Ends the stream if needed, makes the bytes durable, then publishes the blob atomically. */
  commit(): Promise<BlobInfo>;
  /** Discards everything written; safe to call after a failure or twice. */
  abort(): Promise<void>;
}

/** Storage for audio inputs and job outputs, shared by the API and workers. Ids are UUIDs. */
export interface BlobStore {
  /** Streams `source` in; rejects with BlobTooLargeError past `maxBytes`, leaving no blob. */
  put(id: string, source: Readable, opts: BlobLimits): Promise<BlobInfo>;
  /** Reads a blob; rejects with BlobNotFoundError when it is missing. */
  open(id: string): Promise<Readable>;
  /** The blob's local file path, when the store is on local disk (a fast path for worker threads). */
  path?(id: string): string;
  /** A writer for outputs produced piecewise; `maxBytes` is optional here. */
  createWriter(id: string, opts?: Partial<BlobLimits>): Promise<BlobWriter>;
  /** The blob's size, or null when it is missing. */
  stat(id: string): Promise<{ size: number } | null>;
  /** Removes a blob; missing blobs are not an error. */
  delete(id: string): Promise<void>;
}

/** Nest injection token for the BlobStore. */
export const BLOB_STORE = Symbol('BLOB_STORE');

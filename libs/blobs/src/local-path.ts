import type { BlobStore } from './blob-store.port';

/**
 * The local file path of a blob, for worker threads that stream it themselves. A missing
 * blob is a permanent failure (retrying will not make it appear), so it says so in `kind`.
 */
export async function requireLocalPath(blobs: BlobStore, id: string): Promise<string> {
  const stat = await blobs.stat(id);
  if (!stat || !blobs.path) {
    throw Object.assign(new Error(`Input blob '${id}' does not exist in the blob store.`), {
      code: 'BLOB_NOT_FOUND',
      kind: 'permanent',
      retryable: false,
    });
  }
  return blobs.path(id);
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Where the local blob store under `blobDir` keeps an upload (sharded by id). */
export async function blobPath(blobDir: string, uploadId: string): Promise<string> {
  const files = await readdir(blobDir, { recursive: true });
  const match = files.find((f) => f.endsWith(uploadId) || path.basename(f).startsWith(uploadId));
  if (!match) throw new Error(`no blob for ${uploadId}`);
  return path.join(blobDir, match);
}

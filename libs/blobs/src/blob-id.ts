import { InvalidBlobIdError } from './errors/invalid-blob-id.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` is a UUID (any version), the only accepted blob id. */
export function isBlobId(id: string): boolean {
  return UUID.test(id);
}

/** The canonical (lower-case) id; throws InvalidBlobIdError otherwise, so no id can name a path. */
export function toBlobId(id: string): string {
  if (!isBlobId(id)) throw new InvalidBlobIdError(id);
  return id.toLowerCase();
}

/** Relative path segments `ab/cd/<id>` that spread blobs over 65,536 directories. */
export function shardSegments(id: string): [string, string, string] {
  const canonical = toBlobId(id);
  return [canonical.slice(0, 2), canonical.slice(2, 4), canonical];
}

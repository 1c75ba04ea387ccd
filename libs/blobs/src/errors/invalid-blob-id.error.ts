/** A blob id that is not a UUID; refused before it can become a path. */
export class InvalidBlobIdError extends Error {
  readonly code = 'BLOB_ID_INVALID';
  override readonly name = 'InvalidBlobIdError';

  constructor(id: string) {
    super(`blob id must be a UUID, got '${id.slice(0, 64)}'`);
  }
}

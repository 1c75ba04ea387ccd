/** No blob is stored under that id. */
export class BlobNotFoundError extends Error {
  readonly code = 'BLOB_NOT_FOUND';
  override readonly name = 'BlobNotFoundError';

  constructor(readonly id: string) {
    super(`blob ${id} not found`);
  }
}

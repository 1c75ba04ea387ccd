/** The blob grew past the caller's `maxBytes`; nothing was stored. */
export class BlobTooLargeError extends Error {
  readonly code = 'BLOB_TOO_LARGE';
  override readonly name = 'BlobTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`blob exceeds the limit of ${maxBytes} bytes`);
  }
}

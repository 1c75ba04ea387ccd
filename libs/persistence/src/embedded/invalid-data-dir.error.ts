/** The data directory holds something other than an embedded database this engine can open. */
export class InvalidDataDirError extends Error {
  readonly code = 'INVALID_EMBEDDED_DATA_DIR';
  override readonly name = 'InvalidDataDirError';

  constructor(
    readonly dataDir: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`${dataDir} is not a usable embedded database directory: ${reason}`, options);
  }
}

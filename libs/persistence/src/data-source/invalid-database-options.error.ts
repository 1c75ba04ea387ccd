/** A database option (URL, schema name, pool size) is malformed. */
export class InvalidDatabaseOptionsError extends Error {
  readonly code = 'INVALID_DATABASE_OPTIONS';
  override readonly name = 'InvalidDatabaseOptionsError';
}

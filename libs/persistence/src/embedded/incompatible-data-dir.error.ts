/** The data directory was written by another PostgreSQL major version than the embedded engine's. */
export class IncompatibleDataDirError extends Error {
  readonly code = 'INCOMPATIBLE_EMBEDDED_DATA_DIR';
  override readonly name = 'IncompatibleDataDirError';

  constructor(
    readonly dataDir: string,
    readonly found: string,
    readonly expected: string,
  ) {
    super(
      `${dataDir} holds PostgreSQL ${found} data, but the embedded engine is PostgreSQL ` +
        `${expected}: export it with PostgreSQL ${found}'s pg_dump, or start from an empty directory`,
    );
  }
}

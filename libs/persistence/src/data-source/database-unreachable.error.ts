/** PostgreSQL could not be reached at start-up; the message names DATABASE_URL. */
export class DatabaseUnreachableError extends Error {
  readonly code = 'DATABASE_UNREACHABLE';
  override readonly name = 'DatabaseUnreachableError';

  constructor(redactedUrl: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Cannot connect to PostgreSQL at ${redactedUrl} (check DATABASE_URL): ${reason || 'unknown error'}`,
      { cause },
    );
  }
}

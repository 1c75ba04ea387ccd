/** One field-level reason attached to a problem. */
export interface ProblemViolation {
  readonly path: string;
  readonly message: string;
}

/**
 * An HTTP problem (RFC 9457) with a stable `code`; thrown by handlers, rendered as
 * application/problem+json by the problem filter.
 */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly ProblemViolation[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

/** 404 for a job or upload that does not exist for this tenant (or at all). */
export const notFound = (what: string, id: string): ProblemError =>
  new ProblemError(
    404,
    'NOT_FOUND',
    `${what} not found`,
    `No ${what.toLowerCase()} with id '${id}' exists for this tenant.`,
  );

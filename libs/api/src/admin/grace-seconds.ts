import { ProblemError } from '../problems/problem.error';

/** The longest a replaced credential (API key, webhook secret) may keep working: a week. */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;

/** The body of a rotation, as OpenAPI shows it. */
export const rotationBodySchema = {
  type: 'object',
  properties: { graceSeconds: { type: 'integer', minimum: 0, maximum: MAX_GRACE_SECONDS } },
} as const;

/** A rotation's `graceSeconds` (0 when absent); anything else is `400 INVALID_GRACE`. */
export function parseGraceSeconds(body: unknown): number {
  const grace = (body as { graceSeconds?: unknown } | undefined)?.graceSeconds ?? 0;
  if (
    typeof grace !== 'number' ||
    !Number.isInteger(grace) ||
    grace < 0 ||
    grace > MAX_GRACE_SECONDS
  )
    throw new ProblemError(
      400,
      'INVALID_GRACE',
      'Bad request',
      `graceSeconds must be an integer, 0 to ${MAX_GRACE_SECONDS}.`,
      [{ path: '/graceSeconds', message: 'out of range' }],
    );
  return grace;
}

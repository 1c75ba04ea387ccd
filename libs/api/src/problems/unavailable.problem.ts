import { ProblemError } from './problem.error';

/** How long a client waits before retrying a request the broker or database could not serve. */
const RETRY_AFTER_SECONDS = '5';

/**
 * 503 for a request the broker could not serve: nothing was accepted or changed, and the client
 * may retry after `Retry-After`. `code` defaults to BROKER_UNAVAILABLE.
 */
export function brokerUnavailableProblem(
  detail: string,
  code = 'BROKER_UNAVAILABLE',
): ProblemError {
  return new ProblemError(503, code, 'Service unavailable', detail, [], {
    'Retry-After': RETRY_AFTER_SECONDS,
  });
}

/**
 * 503 for a request made while PostgreSQL cannot be reached (down, restarting, the connection
 * cut): an outage to wait out, as the broker's is, not a fault of the request or a bug.
 */
export function databaseUnavailableProblem(): ProblemError {
  return new ProblemError(
    503,
    'DATABASE_UNAVAILABLE',
    'Service unavailable',
    'The database cannot be reached right now; retry after the indicated delay.',
    [],
    { 'Retry-After': RETRY_AFTER_SECONDS },
  );
}

import { ProblemError } from './problem.error';

/** How long a client waits before retrying a request the broker could not serve. */
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

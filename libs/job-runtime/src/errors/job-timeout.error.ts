/** Thrown into the handler's signal at the soft time limit (retryable per policy). */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';
  readonly code = 'TIMEOUT';
  readonly kind = 'timeout';
  readonly retryable = true;
}

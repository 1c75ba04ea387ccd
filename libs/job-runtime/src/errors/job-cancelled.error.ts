/** Thrown into the handler's signal when a job is cancelled. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  readonly code = 'CANCELLED';
  readonly kind = 'cancelled';
  readonly retryable = false;
}

/** The options of `processing.normalize` are out of range (target, ceiling, output rate). */
export class InvalidNormalizeOptionsError extends Error {
  override readonly name = 'InvalidNormalizeOptionsError';
  readonly code = 'INVALID_NORMALIZE_OPTIONS';
  /** Bad options stay bad: retrying the job cannot help. */
  readonly retryable = false;
}

/** The options of `processing.clips` are out of range (padding, output rate). */
export class InvalidClipsOptionsError extends Error {
  override readonly name = 'InvalidClipsOptionsError';
  readonly code = 'INVALID_CLIPS_OPTIONS';
  /** Bad options stay bad: retrying the job cannot help. */
  readonly retryable = false;
}

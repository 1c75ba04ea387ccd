/** The audio handed to a processing stage is malformed (rate, channels, block shape, NaN). */
export class InvalidAudioFormatError extends Error {
  override readonly name = 'InvalidAudioFormatError';
  readonly code = 'INVALID_AUDIO_FORMAT';
  /** Bad input stays bad: retrying the job cannot help. */
  readonly retryable = false;
}

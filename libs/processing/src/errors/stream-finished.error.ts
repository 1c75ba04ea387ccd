/** A streaming stage was fed after `finish()`: a caller bug, since its state is gone. */
export class StreamFinishedError extends Error {
  override readonly name = 'StreamFinishedError';
  readonly code = 'STREAM_FINISHED';
  /** The same call sequence fails the same way on a retry. */
  readonly retryable = false;
}

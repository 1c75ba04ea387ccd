/** A segment starts at or past the end of the audio: it was found in some other recording. */
export class SegmentOutOfRangeError extends Error {
  override readonly name = 'SegmentOutOfRangeError';
  readonly code = 'SEGMENT_OUT_OF_RANGE';
  /** The audio will not grow longer on a retry. */
  readonly retryable = false;
}

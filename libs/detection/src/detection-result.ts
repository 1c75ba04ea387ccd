/** One stretch of speech, in seconds from the start of the audio. */
export interface SpeechSegment {
  start: number;
  end: number;
}

/**
 * Outcome of voice-activity detection. Same shape as `DetectionResult` in @jobmill/contracts
 * (mutable arrays on purpose, so that a value of this type is assignable to that one).
 */
export interface DetectionResult {
  /** Sorted, non-overlapping, within [0, duration], 3 decimals. */
  segments: SpeechSegment[];
  /** Speech seconds / duration; 0 for empty audio. */
  speechRatio: number;
  /** Seconds of audio. */
  duration: number;
  sampleRate: number;
  channels: number;
}

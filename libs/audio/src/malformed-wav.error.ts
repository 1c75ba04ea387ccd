/** The input is not a WAV file this library can decode; retrying cannot help. */
export class MalformedWavError extends Error {
  /** Stable classification key: survives worker-thread and process boundaries, unlike `instanceof`. */
  readonly code = 'MALFORMED_WAV' as const;
  readonly kind = 'permanent' as const;
  readonly retryable = false as const;

  constructor(message: string) {
    super(message);
    this.name = 'MalformedWavError';
  }
}

/** True when `error` is a MalformedWavError, also after structured cloning (matches by code). */
export function isMalformedWavError(error: unknown): error is MalformedWavError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'MALFORMED_WAV'
  );
}

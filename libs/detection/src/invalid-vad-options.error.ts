/** VAD options outside their documented ranges; the job cannot succeed with them. */
export class InvalidVadOptionsError extends Error {
  /** Stable classification key: survives worker-thread and process boundaries, unlike `instanceof`. */
  readonly code = 'INVALID_VAD_OPTIONS' as const;
  readonly kind = 'permanent' as const;
  readonly retryable = false as const;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidVadOptionsError';
  }
}

/** A list cursor that this store did not issue (or that was altered). */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('Invalid cursor');
  }
}

/** A message the projector cannot store (bad job id, time or attempt); dead-letter it, do not retry. */
export class InvalidProjectableMessageError extends Error {
  readonly code = 'INVALID_PROJECTABLE_MESSAGE';
  override readonly name = 'InvalidProjectableMessageError';

  constructor(
    readonly messageId: string,
    readonly reason: string,
  ) {
    super(`Message ${messageId} cannot be projected: ${reason}`);
  }
}

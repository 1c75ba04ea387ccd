/** A command whose CloudEvents `type` names no job type: it cannot be routed. */
export class InvalidCommandError extends Error {
  override readonly name = 'InvalidCommandError';
  readonly code = 'INVALID_COMMAND';
  readonly retryable = false;

  constructor(readonly ceType: string) {
    super(`Command type '${ceType}' does not name a job type.`);
  }
}

/** A JobServer started without one @JobHandler for its queue: it would refuse every command. */
export class NoJobHandlersError extends Error {
  override readonly name = 'NoJobHandlersError';
  readonly code = 'NO_JOB_HANDLERS';

  constructor(readonly queue: string) {
    super(
      `No @JobHandler serves the queue ${queue}: import the module that declares its handlers.`,
    );
  }
}

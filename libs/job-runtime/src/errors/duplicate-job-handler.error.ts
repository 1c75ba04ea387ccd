/** Two @JobHandler classes for one job type on one queue: which one runs would be luck. */
export class DuplicateJobHandlerError extends Error {
  override readonly name = 'DuplicateJobHandlerError';
  readonly code = 'DUPLICATE_JOB_HANDLER';

  constructor(
    readonly jobType: string,
    readonly queue: string,
  ) {
    super(`More than one @JobHandler('${jobType}') for the queue ${queue}.`);
  }
}

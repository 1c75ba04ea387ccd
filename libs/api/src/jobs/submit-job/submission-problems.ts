import { formatRetention, type Validation } from '@jobmill/contracts';
import { brokerUnavailableProblem } from '../../problems/unavailable.problem';
import { ProblemError } from '../../problems/problem.error';

/** A refused submission as a 400 problem naming each offending field. */
export function invalidSubmission(
  result: Extract<Validation<unknown>, { ok: false }>,
  prefix = '',
): ProblemError {
  const errors = result.violations.map((v) => ({ path: `${prefix}${v.path}`, message: v.message }));
  return new ProblemError(400, result.code, 'Invalid job', result.message, errors);
}

/** The publish failed: nothing was accepted, the client may retry later. */
export function brokerUnavailable(error: unknown): ProblemError {
  return brokerUnavailableProblem(
    'The job could not be queued right now and was not accepted; retry after the indicated delay.',
    (error as { code?: string | null }).code ?? undefined,
  );
}

export const uploadMissing = (uploadId: string, path = '/input/uploadId'): ProblemError =>
  new ProblemError(
    422,
    'UPLOAD_NOT_FOUND',
    'Unprocessable content',
    `Upload '${uploadId}' does not exist for this tenant.`,
    [{ path, message: 'no such upload' }],
  );

export const idempotencyConflict = (key: string): ProblemError =>
  new ProblemError(
    409,
    'IDEMPOTENCY_CONFLICT',
    'Conflict',
    `Idempotency-Key '${key}' was already used with a different request body.`,
  );

/** A submission asked to keep its job longer than JOB_RETENTION allows. */
export const retentionTooLong = (retention: string, limitMs: number, path: string): ProblemError =>
  new ProblemError(
    400,
    'RETENTION_TOO_LONG',
    'Invalid job',
    `Retention '${retention}' is longer than this platform keeps finished jobs ` +
      `(JOB_RETENTION ${formatRetention(limitMs)}); ask for ${formatRetention(limitMs)} or less.`,
    [{ path, message: `at most ${formatRetention(limitMs)}` }],
  );

/** A batch member with `then`: pipelines are submitted one at a time (POST /v1/jobs). */
export const pipelineInBatch = (path: string): ProblemError =>
  new ProblemError(
    400,
    'PIPELINE_IN_BATCH',
    'Invalid job',
    'A batch cannot hold a pipeline (then); submit each pipeline with POST /v1/jobs.',
    [{ path, message: 'not allowed in a batch' }],
  );

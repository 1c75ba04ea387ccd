import { validateResult, type JobError } from '@jobmill/contracts';
import { describeInvalid } from '../admission/command-admission.policy';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';
import { classifyError } from '../retries/error.classifier';

/**
 * Runs a handler and turns whatever it does into an outcome: a thrown error is classified, and
 * a `succeeded` result that breaks its job type's schema fails as INVALID_RESULT (permanent).
 */
export async function runJobHandler(
  handler: JobHandler,
  ctx: JobContext,
  validateResults: boolean,
): Promise<JobOutcome> {
  try {
    const outcome = await handler.run(ctx);
    if (outcome.status !== 'succeeded' || !validateResults) return outcome;
    const checked = validateResult(ctx.jobType, outcome.result);
    if (checked.ok) return outcome;
    const error: JobError = {
      code: 'INVALID_RESULT',
      message: describeInvalid(checked),
      kind: 'permanent',
      retryable: false,
    };
    return { status: 'failed', error };
  } catch (error) {
    return { status: 'failed', error: classifyError(error) };
  }
}

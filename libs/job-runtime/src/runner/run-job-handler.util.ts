import { validateResult, type JobError } from '@jobmill/contracts';
import { describeInvalid } from '../admission/command-admission.policy';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';
import { classifyError } from '../retries/error.classifier';
import { tracingEnabled } from '@jobmill/transport';
import { tracedRun } from '../tracing/run.tracing';

/**
 * Runs a handler and turns whatever it does into an outcome: a thrown error is classified, and
 * a `succeeded` result that breaks its job type's schema fails as INVALID_RESULT (permanent).
 * With tracing on, inside the job's `run` span.
 */
export function runJobHandler(
  handler: JobHandler,
  ctx: JobContext,
  validateResults: boolean,
): Promise<JobOutcome> {
  if (!tracingEnabled()) return runUntraced(handler, ctx, validateResults);
  return tracedRun(ctx.jobType, () => runUntraced(handler, ctx, validateResults));
}

async function runUntraced(
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

import { SpanStatusCode, trace } from '@opentelemetry/api';
import { JOB_ATTRIBUTES } from '@jobmill/transport';
import type { JobOutcome } from '../handler/job-handler.types';

const tracer = () => trace.getTracer('@jobmill/job-runtime');

/**
 * Runs a job's handler inside a `run <jobType>` span, a child of the job's `process` span; a
 * failed outcome sets status error with the error's code, and says whether it will be retried.
 */
export function tracedRun(jobType: string, run: () => Promise<JobOutcome>): Promise<JobOutcome> {
  return tracer().startActiveSpan(`run ${jobType}`, async (span) => {
    try {
      const outcome = await run();
      span.setAttribute(JOB_ATTRIBUTES.outcome, outcome.status);
      if (outcome.status === 'failed') {
        const { error } = outcome;
        span.setAttributes({ 'error.type': error.code, 'jobmill.job.retryable': error.retryable });
        span.setStatus({ code: SpanStatusCode.ERROR, message: `${error.code}: ${error.message}` });
      }
      return outcome;
    } finally {
      span.end();
    }
  });
}

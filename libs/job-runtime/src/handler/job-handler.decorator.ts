import { Controller, UseFilters, type Type } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { JobType } from '@jobmill/contracts';
import { JobErrorFilter } from './job-error.filter';
import type { JobContext, JobOutcome } from './job-handler.types';

/** The key of the EventPattern extras that marks a @JobHandler and names its job type. */
export const JOB_TYPE_EXTRA = 'jobmill.jobType';

/**
 * Runs one job type: a Nest controller (see the decorator below) resolved through DI, so it
 * injects what it needs. It returns the outcome, or throws: thrown errors are classified by
 * code, kind and retryable.
 */
export interface JobHandler {
  run(ctx: JobContext): Promise<JobOutcome>;
}

/**
 * Declares the handler of a job type: `@JobHandler('detection.vad') class VadJobHandler`. The
 * class becomes a controller (list it in a module's `controllers`) whose `run` is an
 * `@EventPattern` for the job type, which the JobServer of the queue the type is routed to
 * picks up as Nest finds any event handler.
 */
export function JobHandler(jobType: JobType): (target: Type<JobHandler>) => void {
  return (target) => {
    const run = Object.getOwnPropertyDescriptor(target.prototype, 'run');
    if (!run)
      throw new TypeError(`@JobHandler('${jobType}'): ${target.name} must declare run(ctx).`);
    EventPattern(jobType, { [JOB_TYPE_EXTRA]: jobType })(target.prototype as object, 'run', run);
    UseFilters(new JobErrorFilter())(target);
    Controller()(target);
  };
}

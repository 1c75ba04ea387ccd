import type { JobType } from '../commands/job-types';
import { detectionInputSchema, detectionResultSchema } from './detection.schema';
import { normalizeResultSchema, processingInputSchema } from './processing.schema';
import { pingInputSchema, pingResultSchema } from './system.schema';

/** Input and result schema of each job type: the one place a new job type is described. */
export const JOB_TYPE_SCHEMAS: Readonly<
  Record<JobType, { readonly input: object; readonly result: object }>
> = {
  'detection.vad': { input: detectionInputSchema, result: detectionResultSchema },
  'processing.normalize': { input: processingInputSchema, result: normalizeResultSchema },
  'system.ping': { input: pingInputSchema, result: pingResultSchema },
};

import type { JobType } from '../commands/job-types';
import { clipsInputViolations } from '../validation/clips-input.rules';
import type { ContractViolation } from '../validation/validation-result';
import { detectionInputSchema, detectionResultSchema } from './detection.schema';
import {
  clipsInputSchema,
  clipsResultSchema,
  normalizeResultSchema,
  processingInputSchema,
} from './processing.schema';
import { pingInputSchema, pingResultSchema } from './system.schema';

/** How a job type's input and result are described and checked. */
export interface JobTypeSchemas {
  readonly input: object;
  readonly result: object;
  /** Checks beyond JSON Schema (relations between fields), run on input the schema accepted. */
  readonly inputRules?: (input: unknown) => ContractViolation[];
}

/** Input and result schema of each job type: the one place a new job type is described. */
export const JOB_TYPE_SCHEMAS: Readonly<Record<JobType, JobTypeSchemas>> = {
  'detection.vad': { input: detectionInputSchema, result: detectionResultSchema },
  'processing.normalize': { input: processingInputSchema, result: normalizeResultSchema },
  'processing.clips': {
    input: clipsInputSchema,
    result: clipsResultSchema,
    inputRules: clipsInputViolations,
  },
  'system.ping': { input: pingInputSchema, result: pingResultSchema },
};

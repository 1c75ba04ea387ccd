import type { FromSchema } from 'json-schema-to-ts';
import type { CloudEvent } from '../envelope/cloud-event';
import type {
  detectionInputSchema,
  detectionResultSchema,
  vadOptionsSchema,
} from '../schemas/detection.schema';
import type {
  clipsInputSchema,
  clipsOptionsSchema,
  clipsResultSchema,
  normalizeOptionsSchema,
  normalizeResultSchema,
  processingInputSchema,
} from '../schemas/processing.schema';
import type { pingInputSchema, pingResultSchema } from '../schemas/system.schema';
import type { JobType } from './job-types';
import type { JobPriority } from '../priorities/job-priority';

export type VadOptions = FromSchema<typeof vadOptionsSchema>;
export type DetectionInput = FromSchema<typeof detectionInputSchema>;
export type DetectionResult = FromSchema<typeof detectionResultSchema>;
export type NormalizeOptions = FromSchema<typeof normalizeOptionsSchema>;
export type ProcessingInput = FromSchema<typeof processingInputSchema>;
export type NormalizeResult = FromSchema<typeof normalizeResultSchema>;
export type ClipsOptions = FromSchema<typeof clipsOptionsSchema>;
export type ClipsInput = FromSchema<typeof clipsInputSchema>;
export type ClipsResult = FromSchema<typeof clipsResultSchema>;
export type PingInput = FromSchema<typeof pingInputSchema>;
export type PingResult = FromSchema<typeof pingResultSchema>;

/** Input and result of each job type. */
export interface JobTypeMap {
  readonly 'detection.vad': { readonly input: DetectionInput; readonly result: DetectionResult };
  readonly 'processing.normalize': {
    readonly input: ProcessingInput;
    readonly result: NormalizeResult;
  };
  readonly 'processing.clips': { readonly input: ClipsInput; readonly result: ClipsResult };
  readonly 'system.ping': { readonly input: PingInput; readonly result: PingResult };
}

/** Data carried by a command: the job's input and its job-level options. */
export interface CommandData<T extends JobType = JobType> {
  readonly input: JobTypeMap[T]['input'];
  readonly maxAttempts?: number;
  /** Which waiting jobs start first; normal when absent. */
  readonly priority?: JobPriority;
  /** How long the job is kept once finished, e.g. "1h"; never beyond the platform's limit. */
  readonly retention?: string;
  /** Where the job is POSTed on each terminal state (a signed webhook). */
  readonly callbackUrl?: string;
}

/** A command asking for one job to run; `subject` is the job id, routing key the job type. */
export type JobCommand<T extends JobType = JobType> = CloudEvent<string, CommandData<T>>;

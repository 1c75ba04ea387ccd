import type { JobType } from '../commands/job-types';

/** The job type of a pipeline's parent job: never a command, never run by a worker. */
export const PIPELINE_JOB_TYPE = 'pipeline';

/** The most steps `then` may list after the first job. */
export const MAX_PIPELINE_THEN = 9;

/**
 * Where one input property of a step comes from: the previous step's `input` or `result`, then
 * the property path within it, e.g. `['result', 'segments']`.
 */
export type FeedSource = readonly ['input' | 'result', ...string[]];

/** How a step's input is built from the step before it: input property -> its source. */
export type PipelineFeed = Readonly<Record<string, FeedSource>>;

/**
 * Which job type may follow which in a pipeline, and what the step before feeds it. A pair not
 * listed cannot feed its next step and is refused at submission. The step's own `input` (its
 * options) supplies the rest; a fed property may not be given there.
 */
export const PIPELINE_FEEDS: Readonly<
  Partial<Record<JobType, Partial<Record<JobType, PipelineFeed>>>>
> = {
  'detection.vad': {
    // The speech the detection found, cut out of the audio it ran on.
    'processing.clips': { uploadId: ['input', 'uploadId'], segments: ['result', 'segments'] },
    'processing.normalize': { uploadId: ['input', 'uploadId'] },
  },
  // Nothing to feed: a chain of canaries, for tests and synthetic monitoring.
  'system.ping': { 'system.ping': {} },
};

/** What `from` feeds a following `to` step, or undefined if `to` cannot follow `from`. */
export const feedOf = (from: JobType, to: JobType): PipelineFeed | undefined =>
  PIPELINE_FEEDS[from]?.[to];

/** The job types that may follow `from` (for error messages and documentation). */
export const followersOf = (from: JobType): JobType[] =>
  Object.keys(PIPELINE_FEEDS[from] ?? {}) as JobType[];

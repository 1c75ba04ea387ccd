import type { JobView } from './job-view';

/** A job as REST clients see it (GET /v1/jobs/:id), and as webhooks deliver it. */
export type JobResource = Omit<JobView, 'tenant' | 'pipelineId' | 'step'> & {
  /** Only on a pipeline's step: its parent job and its place in it (from 1). */
  readonly pipeline?: { readonly id: string; readonly step: number };
  readonly links: { readonly self: string; readonly events: string };
};

/** Where a job lives in the API. */
export const jobPath = (id: string): string => `/v1/jobs/${id}`;

/** Shapes a read-model row for REST (the tenant is implied by the key, so not repeated). */
export function presentJob(job: JobView): JobResource {
  const { tenant: _tenant, pipelineId, step, ...rest } = job;
  return {
    ...rest,
    // Only steps carry it: every other job's JSON is as it was before pipelines.
    ...(pipelineId === null ? {} : { pipeline: { id: pipelineId, step: step ?? 0 } }),
    links: { self: jobPath(job.id), events: `${jobPath(job.id)}/events` },
  };
}

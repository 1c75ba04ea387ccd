import type { JobView } from './job-view';

/** A job as REST clients see it (GET /v1/jobs/:id), and as webhooks deliver it. */
export type JobResource = Omit<JobView, 'tenant'> & {
  readonly links: { readonly self: string; readonly events: string };
};

/** Where a job lives in the API. */
export const jobPath = (id: string): string => `/v1/jobs/${id}`;

/** Shapes a read-model row for REST (the tenant is implied by the key, so not repeated). */
export function presentJob(job: JobView): JobResource {
  const { tenant: _tenant, ...rest } = job;
  return { ...rest, links: { self: jobPath(job.id), events: `${jobPath(job.id)}/events` } };
}

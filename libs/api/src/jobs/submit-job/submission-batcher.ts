import DataLoader from 'dataloader';
import type { JobCommand } from '@jobmill/contracts';
import type { AcceptedJob, JobStore, JobView, UploadStore } from '@jobmill/persistence';
import type { CommandPublication } from './command.publication';
import { uploadMissing } from './submission-problems';

/** One single-job submission waiting for its batch: the row to record and the command to issue. */
export interface PendingSubmission {
  readonly job: AcceptedJob;
  readonly command: JobCommand;
  /** The upload the input names, checked with the batch's one query. */
  readonly uploadId?: string;
}

const uploadKey = (tenant: string, uploadId: string): string => `${tenant}\u0000${uploadId}`;

/** The most submissions recorded and published together. */
const MAX_BATCH = 500;

/**
 * Coalesces concurrent single-job submissions: the ones that arrive while the previous batch is
 * being written go together, so a burst of requests costs one upload query, one multi-row insert
 * and one window of confirms instead of that many per job. A lone request is not delayed: it is
 * flushed as soon as the batch before it has settled. Each caller still gets its own answer.
 */
export class SubmissionBatcher {
  private inFlight: Promise<unknown> = Promise.resolve();
  private readonly loader: DataLoader<PendingSubmission, JobView>;

  constructor(
    private readonly jobs: JobStore,
    private readonly uploads: UploadStore,
    private readonly publication: CommandPublication,
  ) {
    this.loader = new DataLoader((batch) => this.flush(batch), {
      cache: false,
      maxBatchSize: MAX_BATCH,
      // Gather until the previous batch settles (natural batching), then one more I/O turn.
      batchScheduleFn: (dispatch) => {
        void this.inFlight.finally(() => setImmediate(dispatch));
      },
    });
  }

  /** Records the job and issues its command; resolves once the broker confirmed it. */
  submit(pending: PendingSubmission): Promise<JobView> {
    return this.loader.load(pending);
  }

  private flush(batch: readonly PendingSubmission[]): Promise<(JobView | Error)[]> {
    const done = this.write(batch);
    this.inFlight = done.catch(() => undefined);
    return done;
  }

  private async write(batch: readonly PendingSubmission[]): Promise<(JobView | Error)[]> {
    const known = await this.knownUploads(batch);
    const admitted = batch.filter(
      (p) => p.uploadId === undefined || known.has(uploadKey(p.job.tenant, p.uploadId)),
    );
    const views = new Map<PendingSubmission, JobView>();
    if (admitted.length > 0) {
      const rows = await this.jobs.insertAcceptedMany(admitted.map((p) => p.job));
      admitted.forEach((p, i) => views.set(p, rows[i] as JobView));
      try {
        await this.publication.publish(admitted.map((p) => p.command));
      } catch (problem) {
        // Nothing of this batch was accepted (its rows are withdrawn): every caller may retry.
        return batch.map(() => problem as Error);
      }
    }
    return batch.map((p) => views.get(p) ?? uploadMissing(p.uploadId ?? ''));
  }

  /** The uploads of the batch that exist (by uploadKey), one query per tenant present. */
  private async knownUploads(batch: readonly PendingSubmission[]): Promise<Set<string>> {
    const byTenant = new Map<string, string[]>();
    for (const p of batch) {
      if (p.uploadId === undefined) continue;
      const ids = byTenant.get(p.job.tenant) ?? [];
      ids.push(p.uploadId);
      byTenant.set(p.job.tenant, ids);
    }
    const known = new Set<string>();
    for (const [tenant, ids] of byTenant)
      for (const id of await this.uploads.existing(tenant, ids)) known.add(uploadKey(tenant, id));
    return known;
  }
}

import type DataLoader from 'dataloader';
import { writeWindows, type JobCommand } from '@jobmill/contracts';
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
/** Batches being written at once: a request need not queue behind the batch before it. */
const BATCHES_IN_FLIGHT = 4;

/**
 * Coalesces concurrent single-job submissions: a burst of requests costs one upload query, one
 * multi-row insert and one window of confirms instead of that many per job. A lone request is
 * not delayed: up to BATCHES_IN_FLIGHT batches are written at once, and only past that do
 * requests gather until one settles. Each caller still gets its own answer.
 */
export class SubmissionBatcher {
  private readonly loader: DataLoader<PendingSubmission, JobView>;

  constructor(
    private readonly jobs: JobStore,
    private readonly uploads: UploadStore,
    private readonly publication: CommandPublication,
  ) {
    this.loader = writeWindows((batch) => this.write(batch), {
      maxSize: MAX_BATCH,
      inFlight: BATCHES_IN_FLIGHT,
    });
  }

  /** Records the job and issues its command; resolves once the broker confirmed it. */
  submit(pending: PendingSubmission): Promise<JobView> {
    return this.loader.load(pending);
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

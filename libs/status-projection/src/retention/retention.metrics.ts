import { metrics } from '@jobmill/platform';

/**
 * Retention in Prometheus: `jobmill_jobs_deleted_total` (expired jobs deleted with their
 * history), `jobmill_blobs_deleted_total` (their output blobs) and
 * `jobmill_temp_files_removed_total` (abandoned unfinished writes in the blob folder).
 */
export class RetentionMetrics {
  private readonly jobs = metrics.counter(
    'jobs_deleted_total',
    'Expired jobs deleted with their history by the retention sweeper',
  );
  private readonly blobs = metrics.counter(
    'blobs_deleted_total',
    'Output blobs of expired jobs deleted by the retention sweeper',
  );
  private readonly temp = metrics.counter(
    'temp_files_removed_total',
    'Abandoned temporary files (unfinished blob writes) removed from the blob folder',
  );

  /** Expired jobs were deleted. */
  jobsDeleted(count: number): void {
    this.jobs.inc(count);
  }

  /** Output blobs of expired jobs were deleted. */
  blobsDeleted(count: number): void {
    this.blobs.inc(count);
  }

  /** Abandoned temporary files were removed. */
  tempFilesRemoved(count: number): void {
    this.temp.inc(count);
  }
}

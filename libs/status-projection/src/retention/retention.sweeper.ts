import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import { PeriodicRound } from '@jobmill/platform';
import type { ExpiredJobs, ExpiredJobsStore } from '@jobmill/persistence';
import { RetentionMetrics } from './retention.metrics';
import type { RetentionConfig } from './retention.config';

/** Batches per round at most, so that a large backlog is worked off over several rounds. */
const MAX_BATCHES_PER_ROUND = 200;
/** Between two batches: the projection's own writes get the database in between. */
const PAUSE_BETWEEN_BATCHES_MS = 50;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Retention, in the status service: at start and every RETENTION_INTERVAL_MS, removes
 * abandoned temporary files from the blob folder (older than BLOB_TEMP_MAX_AGE_MS: a write in
 * progress touches its file all the time), then deletes expired jobs with their history and
 * output blobs, RETENTION_BATCH_SIZE per short transaction with a pause in between, so the
 * projection is never held up for long. Replicas share the work (SKIP LOCKED); a file or row
 * someone else removed first is simply gone.
 */
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RetentionSweeper');
  private readonly metrics = new RetentionMetrics();
  private readonly blobs: LocalDiskBlobStore;
  private readonly rounds: PeriodicRound<{ tempFiles: number; jobs: number }>;

  constructor(
    private readonly expired: ExpiredJobsStore,
    private readonly config: RetentionConfig,
  ) {
    // A failed round (database down) is retried by the next one; nothing is half-deleted.
    this.rounds = new PeriodicRound({
      run: () => this.sweep(),
      intervalMs: this.config.sweepIntervalMs,
      firstDelayMs: 0,
      failure: 'Retention round failed',
      logger: this.logger,
    });
    this.blobs = new LocalDiskBlobStore(config.blobDir);
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round: temporary files, then expired jobs. Returns how many of each went. */
  async sweep(): Promise<{ tempFiles: number; jobs: number }> {
    const tempFiles = await this.blobs.cleanupTemp(this.config.tempMaxAgeMs);
    this.metrics.tempFilesRemoved(tempFiles);
    let jobs = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND && !this.rounds.stopped; batch += 1) {
      const deleted = await this.expired.deleteBatch(this.config.batchSize, (e) =>
        this.removeBlobs(e),
      );
      jobs += deleted;
      this.metrics.jobsDeleted(deleted);
      if (deleted < this.config.batchSize) break;
      await pause(PAUSE_BETWEEN_BATCHES_MS);
    }
    if (jobs > 0 || tempFiles > 0)
      this.logger.log(
        `Deleted ${jobs} expired job(s) and ${tempFiles} abandoned temporary file(s).`,
      );
    return { tempFiles, jobs };
  }

  private async removeBlobs(expired: ExpiredJobs): Promise<void> {
    for (const id of expired.blobIds) await this.blobs.delete(id);
    this.metrics.blobsDeleted(expired.blobIds.length);
  }
}

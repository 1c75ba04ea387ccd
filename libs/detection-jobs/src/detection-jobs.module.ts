import path from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BLOB_STORE, LocalDiskBlobStore } from '@jobmill/blobs';
import { TaskPool } from '@jobmill/platform';
import type { WorkerConfig } from '@jobmill/worker-host';
import { VadJobHandler } from './vad-job.handler';

// The task runs in worker threads: the .js next to this file when built, .ts under the test runner.
const taskFile = path.join(__dirname, `detect.task${path.extname(__filename)}`);

/** The detection job types (`detection.vad`), with the thread pool and blob store they use. */
@Module({})
export class DetectionJobsModule {
  /** One detector thread per job in flight (WORKER_CONCURRENCY); uploads read from `blobDir`. */
  static register(config: Pick<WorkerConfig, 'threads' | 'blobDir'>): DynamicModule {
    return {
      module: DetectionJobsModule,
      controllers: [VadJobHandler],
      providers: [
        {
          provide: TaskPool,
          useFactory: () => new TaskPool({ filename: taskFile, threads: config.threads }),
        },
        { provide: BLOB_STORE, useFactory: () => new LocalDiskBlobStore(config.blobDir) },
      ],
    };
  }
}

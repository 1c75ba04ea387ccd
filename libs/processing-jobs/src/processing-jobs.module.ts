import path from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { BLOB_STORE, LocalDiskBlobStore } from '@jobmill/blobs';
import { timeoutsFor } from '@jobmill/job-runtime';
import { TaskPool } from '@jobmill/platform';
import type { WorkerConfig } from '@jobmill/worker-host';
import { ClipsJobHandler } from './clips-job.handler';
import { BLOB_DIR, NormalizeJobHandler } from './normalize-job.handler';
import { ScratchDirsSweeper } from './scratch-dirs.sweeper';

// The tasks run in worker threads: the .js next to this file when built, .ts under the test runner.
const taskFile = path.join(__dirname, `processing.tasks${path.extname(__filename)}`);

/** The processing job types (`processing.normalize`, `processing.clips`), with their thread pool and blob store. */
@Module({})
export class ProcessingJobsModule {
  /** One thread per job in flight (WORKER_CONCURRENCY); inputs and outputs under `blobDir`. */
  static register(config: Pick<WorkerConfig, 'threads' | 'blobDir' | 'timeouts'>): DynamicModule {
    return {
      module: ProcessingJobsModule,
      controllers: [NormalizeJobHandler, ClipsJobHandler],
      providers: [
        {
          provide: TaskPool,
          useFactory: () =>
            new TaskPool({ filename: taskFile, threads: config.threads, name: 'processing' }),
        },
        { provide: BLOB_STORE, useFactory: () => new LocalDiskBlobStore(config.blobDir) },
        { provide: BLOB_DIR, useValue: config.blobDir },
        {
          provide: ScratchDirsSweeper,
          useFactory: () =>
            new ScratchDirsSweeper(timeoutsFor(config.timeouts, 'processing.normalize').hardMs),
        },
      ],
    };
  }
}

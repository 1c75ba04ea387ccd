import { Module, type Type } from '@nestjs/common';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import { topologyNames } from '@jobmill/contracts';
import { Transport } from '@jobmill/transport';
import { JobRunStore } from '@jobmill/persistence';
import { TaskPool } from '@jobmill/platform';
import type { WorkerConfig } from './worker.config';
import { workerIdOf, type WorkerDefinition } from './worker-definition';
import { WorkerRuntime } from './worker-runtime';

/**
 * A worker without its infrastructure: its thread pool, blob store and job loop. It relies on
 * the global Transport and JobRunStore of whatever hosts it.
 */
export function workerFeatureModule(
  definition: WorkerDefinition,
  config: WorkerConfig,
): Type<unknown> {
  const pool = new TaskPool({ filename: definition.taskFile, threads: config.concurrency });
  const blobs = new LocalDiskBlobStore(config.blobDir);

  @Module({
    providers: [
      {
        provide: WorkerRuntime,
        inject: [Transport, JobRunStore],
        useFactory: (transport: Transport, runs: JobRunStore) =>
          new WorkerRuntime(
            transport,
            {
              queue: definition.queue(topologyNames(config.topologyPrefix)),
              prefetch: config.concurrency,
              source: `/jobmill/${definition.service}`,
              workerId: workerIdOf(definition),
              handlers: definition.handlers(pool, blobs),
              maxAttempts: config.maxAttempts,
              runs,
              leaseMs: config.leaseMs,
              timeouts: config.timeouts,
              admission: config.admission,
            },
            pool,
            config.shutdownGraceMs,
          ),
      },
    ],
  })
  class WorkerFeatureModule {}
  return WorkerFeatureModule;
}

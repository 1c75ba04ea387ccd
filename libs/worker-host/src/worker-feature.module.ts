import { Module, type Type } from '@nestjs/common';
import { topologyNames } from '@jobmill/contracts';
import { JobServer } from '@jobmill/job-runtime';
import { JobRunStore } from '@jobmill/persistence';
import { RuntimeMetrics } from '@jobmill/service-host';
import { commandPatternsOf, queueNameOf, Transport } from '@jobmill/transport';
import type { WorkerConfig } from './worker.config';
import { workerIdOf, type WorkerDefinition } from './worker-definition';

/**
 * A worker without its infrastructure: its job modules (handlers and what they inject) and the
 * JobServer of its queue, which `startJobServers` starts. It relies on the global Transport and
 * JobRunStore of whatever hosts it.
 */
export function workerFeatureModule(
  definition: WorkerDefinition,
  config: WorkerConfig,
): Type<unknown> {
  @Module({
    imports: [...definition.jobs],
    providers: [
      {
        provide: JobServer,
        inject: [Transport, JobRunStore],
        useFactory: (transport: Transport, runs: JobRunStore) =>
          new JobServer(transport, {
            queue: queueNameOf(definition.role, topologyNames(config.topologyPrefix)),
            routes: commandPatternsOf(definition.role),
            priorityLanes: true,
            prefetch: config.concurrency,
            concurrency: config.concurrency,
            typeConcurrency: config.typeConcurrency,
            source: `/jobmill/${definition.service}`,
            workerId: workerIdOf(definition),
            maxAttempts: config.maxAttempts,
            runs,
            leaseMs: config.leaseMs,
            startedHoldMs: config.startedHoldMs,
            timeouts: config.timeouts,
            admission: config.admission,
            shutdownGraceMs: config.shutdownGraceMs,
            observer: new RuntimeMetrics(),
          }),
      },
    ],
  })
  class WorkerFeatureModule {}
  return WorkerFeatureModule;
}

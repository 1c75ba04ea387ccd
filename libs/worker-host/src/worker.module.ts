import { hostname } from 'node:os';
import { Module, type Type } from '@nestjs/common';
import { LocalDiskBlobStore, type BlobStore } from '@jobmill/blobs';
import { topologyNames, type JobType, type TopologyNames } from '@jobmill/contracts';
import { HealthModule } from '@jobmill/health';
import {
  AmqpConnection,
  Messaging,
  MessagingModule,
  type JobHandler,
  type MessagingRole,
} from '@jobmill/messaging';
import { JobRunStore, JobStore, PersistenceModule } from '@jobmill/persistence';
import { TaskPool } from '@jobmill/platform';
import type { WorkerConfig } from './worker.config';
import { WorkerRuntime } from './worker-runtime';

/** What distinguishes one worker service from another. */
export interface WorkerDefinition {
  /** Service name, e.g. `detection-worker`. */
  readonly service: string;
  readonly role: MessagingRole;
  readonly queue: (names: TopologyNames) => string;
  /** Absolute path of the worker-thread task module. */
  readonly taskFile: string;
  readonly handlers: (pool: TaskPool, blobs: BlobStore) => Partial<Record<JobType, JobHandler>>;
}

/** The root module of a worker service: messaging, health, a thread pool and the job loop. */
export function workerModule(definition: WorkerDefinition, config: WorkerConfig): Type<unknown> {
  const pool = new TaskPool({ filename: definition.taskFile, threads: config.concurrency });
  const blobs = new LocalDiskBlobStore(config.blobDir);
  const workerId = `${definition.service}@${hostname()}:${process.pid}`;

  @Module({
    imports: [
      MessagingModule.forRoot({
        url: config.amqpUrl,
        prefix: config.topologyPrefix,
        connectionName: workerId,
        role: definition.role,
        shutdownGraceMs: config.shutdownGraceMs,
      }),
      PersistenceModule.forRoot({ url: config.databaseUrl, applicationName: workerId }),
      HealthModule.forRootAsync({
        inject: [AmqpConnection, JobStore],
        useFactory: (amqp: AmqpConnection, jobs: JobStore) => ({
          indicators: [
            { name: 'rabbitmq', check: () => amqp.isConnected() },
            { name: 'postgres', check: () => jobs.ping() },
          ],
        }),
      }),
    ],
    providers: [
      {
        provide: WorkerRuntime,
        inject: [Messaging, JobRunStore],
        useFactory: (messaging: Messaging, runs: JobRunStore) =>
          new WorkerRuntime(
            messaging,
            {
              queue: definition.queue(topologyNames(config.topologyPrefix)),
              prefetch: config.concurrency,
              source: `/jobmill/${definition.service}`,
              workerId,
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
  class WorkerModule {}
  return WorkerModule;
}

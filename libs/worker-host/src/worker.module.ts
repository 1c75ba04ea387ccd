import { Module, type Type } from '@nestjs/common';
import { serviceInfrastructure } from '@jobmill/service-host';
import type { WorkerConfig } from './worker.config';
import { workerIdOf, type WorkerDefinition } from './worker-definition';
import { workerFeatureModule } from './worker-feature.module';
import { workerHeartbeatProviders } from './worker-instance.heartbeat';

/** The root module of a worker service: its infrastructure, then the worker itself. */
export function workerModule(definition: WorkerDefinition, config: WorkerConfig): Type<unknown> {
  const workerId = workerIdOf(definition);

  @Module({
    imports: [
      ...serviceInfrastructure({
        messaging: {
          url: config.amqpUrl,
          prefix: config.topologyPrefix,
          connectionName: workerId,
          role: definition.role,
          shutdownGraceMs: config.shutdownGraceMs,
        },
        database: { url: config.databaseUrl, applicationName: workerId },
      }),
      workerFeatureModule(definition, config),
    ],
    providers: workerHeartbeatProviders(definition.service, config),
  })
  class WorkerModule {}
  return WorkerModule;
}

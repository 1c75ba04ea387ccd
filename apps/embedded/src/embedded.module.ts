import { Module, type Type } from '@nestjs/common';
import { apiFeatureModule } from '@jobmill/api';
import { detectionWorker } from '@jobmill/detection-jobs';
import type { InProcessBroker } from '@jobmill/transport';
import { processingWorker } from '@jobmill/processing-jobs';
import { serviceInfrastructure } from '@jobmill/service-host';
import { statusFeatureModule } from '@jobmill/status-projection';
import { workerFeatureModule, workerHeartbeatProviders } from '@jobmill/worker-host';
import type { EmbeddedConfig } from './embedded.config';
import {
  EMBEDDED_DATABASE,
  EmbeddedDatabaseLifecycle,
  type EmbeddedDatabase,
} from './embedded-database';
import { UnfinishedJobRecovery } from './unfinished-job-recovery';

/** What embedded mode runs on: the process's broker and its database. */
export interface EmbeddedParts {
  readonly broker: InProcessBroker;
  readonly database: EmbeddedDatabase;
}

/**
 * One Nest application hosting api, both workers and status on one in-process broker and one
 * database: the same feature modules the separate services run, on other infrastructure.
 */
export function embeddedModule(config: EmbeddedConfig, parts: EmbeddedParts): Type<unknown> {
  @Module({
    imports: [
      ...serviceInfrastructure({
        messaging: {
          url: config.api.amqpUrl,
          prefix: config.api.topologyPrefix,
          connectionName: 'jobmill-embedded',
          // The api's role declares every queue.
          role: 'api',
          broker: parts.broker,
          publishTimeoutMs: config.api.publishTimeoutMs,
          shutdownGraceMs: config.worker.shutdownGraceMs,
        },
        database: parts.database.options,
        indicators: { messaging: 'broker' },
      }),
      apiFeatureModule(config.api),
      statusFeatureModule(config.status),
      workerFeatureModule(detectionWorker(config.worker), config.worker),
      workerFeatureModule(processingWorker(config.worker), config.worker),
    ],
    providers: [
      { provide: EMBEDDED_DATABASE, useValue: parts.database },
      EmbeddedDatabaseLifecycle,
      UnfinishedJobRecovery,
      ...workerHeartbeatProviders('embedded', config.worker),
    ],
  })
  class EmbeddedModule {}
  return EmbeddedModule;
}

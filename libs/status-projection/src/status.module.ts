import { Module, type Type } from '@nestjs/common';
import { serviceInfrastructure } from '@jobmill/service-host';
import type { StatusConfig } from './status.config';
import { statusFeatureModule } from './status-feature.module';

/** The status service: projects commands and job events into the PostgreSQL read model. */
export function statusModule(config: StatusConfig): Type<unknown> {
  @Module({
    imports: [
      ...serviceInfrastructure({
        messaging: {
          url: config.amqpUrl,
          prefix: config.topologyPrefix,
          connectionName: 'jobmill-status',
          role: 'status',
        },
        database: { url: config.databaseUrl, applicationName: 'jobmill-status' },
      }),
      statusFeatureModule(config),
    ],
  })
  class StatusModule {}
  return StatusModule;
}

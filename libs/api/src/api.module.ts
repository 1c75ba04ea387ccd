import { Module, type Type } from '@nestjs/common';
import { serviceInfrastructure } from '@jobmill/service-host';
import type { ApiConfig } from './api.config';
import { apiFeatureModule } from './api-feature.module';

/** The API's root module, wired from its validated configuration. */
export function apiModule(config: ApiConfig): Type<unknown> {
  @Module({
    imports: [
      ...serviceInfrastructure({
        messaging: {
          url: config.amqpUrl,
          prefix: config.topologyPrefix,
          connectionName: 'jobmill-api',
          role: 'api',
          publishTimeoutMs: config.publishTimeoutMs,
        },
        database: { url: config.databaseUrl, applicationName: 'jobmill-api' },
      }),
      apiFeatureModule(config),
    ],
  })
  class ApiModule {}
  return ApiModule;
}

import { Module, type Type } from '@nestjs/common';
import { serviceInfrastructure } from '@jobmill/service-host';
import { API_CONFIG, type ApiConfig } from './api.config';
import { apiFeatureModule } from './api-feature.module';
import { UnconfirmedCommandsSweeper } from './jobs/submit-job/unconfirmed-commands.sweeper';

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
          // A client waits on each publish: during an alarm it gets 503 at once, nothing sent.
          whileBlocked: 'refuse',
        },
        database: { url: config.databaseUrl, applicationName: 'jobmill-api' },
      }),
      apiFeatureModule(config),
    ],
    // Distributed mode only: embedded mode reissues its unfinished jobs at start instead.
    providers: [{ provide: API_CONFIG, useValue: config }, UnconfirmedCommandsSweeper],
  })
  class ApiModule {}
  return ApiModule;
}

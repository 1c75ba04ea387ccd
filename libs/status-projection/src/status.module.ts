import { Module, type Type } from '@nestjs/common';
import { HealthModule } from '@jobmill/health';
import { AmqpConnection, MessageConsumer, MessagingModule } from '@jobmill/messaging';
import { JobProjector, JobStore, PersistenceModule } from '@jobmill/persistence';
import type { StatusConfig } from './status.config';
import { StatusProjectionRuntime } from './status-projection.runtime';

/** The status service: projects commands and job events into the PostgreSQL read model. */
export function statusModule(config: StatusConfig): Type<unknown> {
  @Module({
    imports: [
      MessagingModule.forRoot({
        url: config.amqpUrl,
        prefix: config.topologyPrefix,
        connectionName: 'jobmill-status',
        role: 'status',
      }),
      PersistenceModule.forRoot({ url: config.databaseUrl, applicationName: 'jobmill-status' }),
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
        provide: StatusProjectionRuntime,
        inject: [MessageConsumer, JobProjector],
        useFactory: (consumer: MessageConsumer, projector: JobProjector) =>
          new StatusProjectionRuntime(consumer, projector, config),
      },
    ],
  })
  class StatusModule {}
  return StatusModule;
}

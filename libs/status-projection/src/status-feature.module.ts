import { Module, type Type } from '@nestjs/common';
import { MessageConsumer, Transport } from '@jobmill/transport';
import { ReplyRouter } from '@jobmill/job-runtime';
import {
  DATA_SOURCE,
  ExpiredJobsStore,
  JobProjector,
  JobRunStore,
  QueueBacklogStore,
  TableUpkeepStore,
  TenantUsageStore,
  WebhookDeliveryStore,
  WebhookSecretStore,
  type DataSource,
} from '@jobmill/persistence';
import type { StatusConfig } from './status.config';
import { StatusProjectionRuntime } from './status-projection.runtime';
import { RetentionSweeper } from './retention/retention.sweeper';
import { TableUpkeepSweeper } from './upkeep/table-upkeep.sweeper';
import { WebhookDeliverer } from './webhooks/webhook.deliverer';

/**
 * The projection without its infrastructure: consumes the status queue into the read model
 * through the global MessageConsumer and database of whatever hosts it, deletes expired jobs
 * (retention), vacuums the tables on a server without autovacuum, and delivers the webhooks
 * that jobs reaching a terminal state scheduled.
 */
export function statusFeatureModule(config: StatusConfig): Type<unknown> {
  @Module({
    providers: [
      {
        provide: StatusProjectionRuntime,
        inject: [
          MessageConsumer,
          DATA_SOURCE,
          Transport,
          JobRunStore,
          QueueBacklogStore,
          TenantUsageStore,
        ],
        useFactory: (
          consumer: MessageConsumer,
          dataSource: DataSource,
          transport: Transport,
          runs: JobRunStore,
          backlog: QueueBacklogStore,
          usage: TenantUsageStore,
        ) =>
          new StatusProjectionRuntime(
            consumer,
            // Its own projector: it dates expiries with this service's JOB_RETENTION.
            new JobProjector(dataSource, { retentionMs: config.retention.retentionMs }),
            config,
            {
              replies: new ReplyRouter(transport.publisher),
              events: transport.events,
              stores: { runs, backlog, usage },
            },
          ),
      },
      {
        provide: RetentionSweeper,
        inject: [ExpiredJobsStore],
        useFactory: (expired: ExpiredJobsStore) => new RetentionSweeper(expired, config.retention),
      },
      {
        provide: TableUpkeepSweeper,
        inject: [TableUpkeepStore],
        useFactory: (store: TableUpkeepStore) => new TableUpkeepSweeper(store, config.tableUpkeep),
      },
      {
        provide: WebhookDeliverer,
        inject: [WebhookDeliveryStore, WebhookSecretStore],
        useFactory: (deliveries: WebhookDeliveryStore, secrets: WebhookSecretStore) =>
          new WebhookDeliverer(deliveries, secrets, config.webhooks),
      },
    ],
  })
  class StatusFeatureModule {}
  return StatusFeatureModule;
}

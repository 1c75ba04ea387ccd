import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DatabaseOptions } from '../data-source/database-options';
import { openDatabase } from '../data-source/open-database';
import { ApiKeyStore } from '../api-keys/api-key.store';
import { BatchSubmissionStore } from '../jobs/batch-submission.store';
import { JobStore } from '../jobs/job.store';
import { TenantUsageStore } from '../limits/tenant-usage.store';
import { QueueBacklogStore } from '../limits/queue-backlog.store';
import { FairShareStore } from '../limits/fair-share.store';
import { JobEventFeedStore } from '../events/job-event-feed.store';
import { JobProjector } from '../projection/job-projector';
import { JobRetryStore } from '../runs/job-retry.store';
import { UnconfirmedCommandsStore } from '../jobs/unconfirmed-commands.store';
import { UnfinishedJobsStore } from '../jobs/unfinished-jobs.store';
import { JobRunStore } from '../runs/job-run.store';
import { UploadStore } from '../uploads/upload.store';
import { ExpiredJobsStore } from '../retention/expired-jobs.store';
import { TableUpkeepStore } from '../upkeep/table-upkeep.store';
import { DelayedJobStore } from '../jobs/delayed-job.store';
import { PipelineStore } from '../pipelines/pipeline.store';
import { ScheduleStore } from '../schedules/schedule.store';
import { WebhookDeliveryStore } from '../webhooks/webhook-delivery.store';
import { WebhookSecretStore } from '../webhooks/webhook-secret.store';
import { JobMatchStore } from '../jobs/job-match.store';
import { WorkerInstanceStore } from '../operations/worker-instance.store';
import { JobTypePauseStore } from '../operations/job-type-pause.store';
import { JobTimelineStore } from '../operations/job-timeline.store';

/** Injection token of the service's open, migrated DataSource. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

/** Closes the pool after everything else has shut down. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The stores of the operations API (dashboard): heartbeats, pauses, timeline, bulk matches. */
const OPERATIONS_STORES: Array<new (ds: DataSource) => unknown> = [
  WorkerInstanceStore,
  JobTypePauseStore,
  JobTimelineStore,
  JobMatchStore,
];

/** The read model for a Nest app: opens and migrates the database at start-up. Global. */
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    const store = <T>(type: new (ds: DataSource) => T) => ({
      provide: type,
      useFactory: (ds: DataSource) => new type(ds),
      inject: [DATA_SOURCE],
    });
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: DATA_SOURCE, useFactory: () => openDatabase(options) },
        store(JobStore),
        store(BatchSubmissionStore),
        store(ApiKeyStore),
        store(UploadStore),
        store(JobProjector),
        store(JobRunStore),
        store(JobRetryStore),
        store(UnfinishedJobsStore),
        store(UnconfirmedCommandsStore),
        store(TenantUsageStore),
        store(QueueBacklogStore),
        store(FairShareStore),
        store(ExpiredJobsStore),
        store(TableUpkeepStore),
        store(DelayedJobStore),
        store(PipelineStore),
        store(ScheduleStore),
        store(WebhookDeliveryStore),
        store(WebhookSecretStore),
        store(JobEventFeedStore),
        ...OPERATIONS_STORES.map((type) => store(type)),
        DatabaseLifecycle,
      ],
      exports: [
        DATA_SOURCE,
        JobStore,
        BatchSubmissionStore,
        ApiKeyStore,
        UploadStore,
        JobProjector,
        JobRunStore,
        JobRetryStore,
        UnfinishedJobsStore,
        UnconfirmedCommandsStore,
        TenantUsageStore,
        QueueBacklogStore,
        FairShareStore,
        ExpiredJobsStore,
        TableUpkeepStore,
        DelayedJobStore,
        PipelineStore,
        ScheduleStore,
        WebhookDeliveryStore,
        WebhookSecretStore,
        JobEventFeedStore,
        ...OPERATIONS_STORES,
      ],
    };
  }
}

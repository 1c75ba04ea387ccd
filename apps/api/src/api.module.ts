import { Module, type Type } from '@nestjs/common';
import { BLOB_STORE, LocalDiskBlobStore } from '@jobmill/blobs';
import { HealthModule } from '@jobmill/health';
import { AmqpConnection, MessagingModule } from '@jobmill/messaging';
import { DATA_SOURCE, JobStore, PersistenceModule } from '@jobmill/persistence';
import { APP_FILTER } from '@nestjs/core';
import { API_CONFIG, type ApiConfig } from './api.config';
import { ApiKeyGuard } from './auth/api-key.guard';
import { GetJobController } from './jobs/get-job/get-job.controller';
import { GetOutputController } from './jobs/get-output/get-output.controller';
import { ListJobsController } from './jobs/list-jobs/list-jobs.controller';
import { SubmitJobController } from './jobs/submit-job/submit-job.controller';
import { SubmitJobHandler } from './jobs/submit-job/submit-job.handler';
import { ProblemFilter } from './problems/problem.filter';
import { CreateUploadController } from './uploads/create-upload.controller';

/** The API's root module, wired from its validated configuration. */
export function apiModule(config: ApiConfig): Type<unknown> {
  @Module({
    imports: [
      MessagingModule.forRoot({
        url: config.amqpUrl,
        prefix: config.topologyPrefix,
        connectionName: 'jobmill-api',
        role: 'api',
        publishTimeoutMs: config.publishTimeoutMs,
      }),
      PersistenceModule.forRoot({ url: config.databaseUrl, applicationName: 'jobmill-api' }),
      HealthModule.forRootAsync({
        inject: [AmqpConnection, JobStore, DATA_SOURCE],
        useFactory: (amqp: AmqpConnection, jobs: JobStore) => ({
          indicators: [
            { name: 'rabbitmq', check: () => amqp.isConnected() },
            { name: 'postgres', check: () => jobs.ping() },
          ],
        }),
      }),
    ],
    controllers: [
      CreateUploadController,
      SubmitJobController,
      GetJobController,
      ListJobsController,
      GetOutputController,
    ],
    providers: [
      { provide: API_CONFIG, useValue: config },
      { provide: BLOB_STORE, useValue: new LocalDiskBlobStore(config.blobDir) },
      { provide: APP_FILTER, useClass: ProblemFilter },
      ApiKeyGuard,
      SubmitJobHandler,
    ],
  })
  class ApiModule {}
  return ApiModule;
}

import { Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { BLOB_STORE, LocalDiskBlobStore } from '@jobmill/blobs';
import { ControlPublisher } from '@jobmill/job-runtime/client';
import { DeadLetterBrowser, Transport } from '@jobmill/transport';
import { API_CONFIG, type ApiConfig } from './api.config';
import { AdminKeyGuard } from './admin/admin-key.guard';
import { DeadLettersController } from './admin/dead-letters.controller';
import { DeadLettersHandler } from './admin/dead-letters.handler';
import { ApiKeysController } from './admin/api-keys/api-keys.controller';
import { ApiKeysHandler } from './admin/api-keys/api-keys.handler';
import { WebhookSecretsController } from './admin/webhook-secrets/webhook-secrets.controller';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyRateLimiter } from './auth/key-rate.limiter';
import { DashboardController } from './dashboard/dashboard.controller';
import { AnyValidKeyGuard } from './auth/current-key/any-valid-key.guard';
import { CurrentKeyController } from './auth/current-key/current-key.controller';
import { AsyncApiController } from './docs/asyncapi.controller';
import { CancelJobController } from './jobs/cancel-job/cancel-job.controller';
import { CancelJobHandler } from './jobs/cancel-job/cancel-job.handler';
import { GetJobController } from './jobs/get-job/get-job.controller';
import { GetOutputController } from './jobs/get-output/get-output.controller';
import { JobSummaryController } from './jobs/job-summary/job-summary.controller';
import { ListJobsController } from './jobs/list-jobs/list-jobs.controller';
import { RetryJobController } from './jobs/retry-job/retry-job.controller';
import { RetryJobHandler } from './jobs/retry-job/retry-job.handler';
import { SubmitJobController } from './jobs/submit-job/submit-job.controller';
import { BatchIdempotency } from './jobs/submit-job/batch-idempotency';
import { SubmitJobHandler } from './jobs/submit-job/submit-job.handler';
import { SUBMISSION_LIMITS_PROVIDERS } from './limits/submission-limits.providers';
import { DueJobsDispatcher } from './jobs/dispatch-due-jobs/due-jobs.dispatcher';
import { CanaryProbe } from './canary/canary.probe';
import { ProblemFilter } from './problems/problem.filter';
import { OPERATIONS_CONTROLLERS, OPERATIONS_PROVIDERS } from './operations-api.parts';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesHandler } from './schedules/schedules.handler';
import { EventFeedPoller } from './events/event-feed.poller';
import { EVENT_STREAM_CONFIG } from './events/event-stream.config';
import { EventStreams } from './events/event-streams';
import { StreamTenantEventsController } from './events/stream-tenant-events.controller';
import { CreateUploadController } from './uploads/create-upload.controller';
import { DeleteUploadController } from './uploads/delete-upload.controller';

/**
 * The API without its infrastructure: controllers, guards and use-case handlers. It relies on
 * the global Messaging, COMMAND_EXECUTOR, JobStore, UploadStore, ... of whatever hosts it.
 */
export function apiFeatureModule(config: ApiConfig): Type<unknown> {
  @Module({
    controllers: [
      CreateUploadController,
      DeleteUploadController,
      SubmitJobController,
      // Before GetJobController: its `:id` would take /v1/jobs/summary.
      JobSummaryController,
      GetJobController,
      StreamTenantEventsController,
      ListJobsController,
      GetOutputController,
      AsyncApiController,
      CancelJobController,
      RetryJobController,
      SchedulesController,
      DeadLettersController,
      ApiKeysController,
      WebhookSecretsController,
      DashboardController,
      CurrentKeyController,
      ...OPERATIONS_CONTROLLERS,
    ],
    providers: [
      { provide: API_CONFIG, useValue: config },
      { provide: EVENT_STREAM_CONFIG, useValue: config.eventStreams },
      EventFeedPoller,
      EventStreams,
      { provide: BLOB_STORE, useValue: new LocalDiskBlobStore(config.blobDir) },
      { provide: APP_FILTER, useClass: ProblemFilter },
      ApiKeyAuthenticator,
      KeyRateLimiter,
      ApiKeyGuard,
      AnyValidKeyGuard,
      ApiKeysHandler,
      SubmitJobHandler,
      ...SUBMISSION_LIMITS_PROVIDERS,
      BatchIdempotency,
      CancelJobHandler,
      RetryJobHandler,
      SchedulesHandler,
      // In every host (embedded too): delayed jobs and schedule ticks start when due.
      DueJobsDispatcher,
      // Idle unless CANARY_INTERVAL_MS is set; in embedded mode it probes the one process.
      CanaryProbe,
      DeadLettersHandler,
      AdminKeyGuard,
      ...OPERATIONS_PROVIDERS,
      {
        provide: DeadLetterBrowser,
        inject: [Transport],
        useFactory: (m: Transport) => new DeadLetterBrowser(m.connection, m.publisher, m.names),
      },
      {
        provide: ControlPublisher,
        inject: [Transport],
        useFactory: (m: Transport) => new ControlPublisher(m.publisher, m.names),
      },
    ],
  })
  class ApiFeatureModule {}
  return ApiFeatureModule;
}

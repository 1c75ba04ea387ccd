import type { Provider, Type } from '@nestjs/common';
import { JobTypesController } from './admin/job-types/job-types.controller';
import { JobTypesHandler } from './admin/job-types/job-types.handler';
import { QueuesController } from './admin/queues/queues.controller';
import { QueuesHandler } from './admin/queues/queues.handler';
import { WorkersController } from './admin/workers/workers.controller';
import { TenantOrAdminKeyGuard } from './auth/tenant-or-admin-key.guard';
import { BulkJobsController } from './jobs/bulk-jobs/bulk-jobs.controller';
import { BulkJobsHandler } from './jobs/bulk-jobs/bulk-jobs.handler';
import { JobTimelineController } from './stats/job-timeline/job-timeline.controller';
import { GetWaveformController } from './uploads/get-waveform/get-waveform.controller';

/** The operations API the dashboard stands on: queues, workers, pauses, timeline, bulk, waveform. */
export const OPERATIONS_CONTROLLERS: Type<unknown>[] = [
  BulkJobsController,
  JobTimelineController,
  QueuesController,
  WorkersController,
  JobTypesController,
  GetWaveformController,
];

/** Their handlers and guard. */
export const OPERATIONS_PROVIDERS: Provider[] = [
  TenantOrAdminKeyGuard,
  BulkJobsHandler,
  QueuesHandler,
  JobTypesHandler,
];

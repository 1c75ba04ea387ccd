import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkerInstanceStore, type WorkerInstanceView } from '@jobmill/persistence';
import { AdminKeyGuard } from '../admin-key.guard';

/** `GET /v1/admin/workers` (admin): the worker instances heard from within the hour. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/workers')
@UseGuards(AdminKeyGuard)
export class WorkersController {
  constructor(private readonly workers: WorkerInstanceStore) {}

  @Get()
  @ApiOperation({
    summary: 'Worker instances: job types, slots, jobs in flight, last heartbeat',
    description:
      'Every worker process (embedded mode: the one process) records a heartbeat every WORKER_HEARTBEAT_MS (1 s by default); stale is true after three missed, and an instance unheard of for an hour is gone. An instance that shuts down in order removes itself.',
  })
  async list(): Promise<{ items: WorkerInstanceView[] }> {
    return { items: await this.workers.list() };
  }
}

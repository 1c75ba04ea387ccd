import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { JobTypePause } from '@jobmill/persistence';
import { AdminKeyGuard } from '../admin-key.guard';
import { JobTypesHandler } from './job-types.handler';

const PAUSE_NOTE =
  "Every worker instance stops starting jobs of the type within its heartbeat (WORKER_HEARTBEAT_MS, 1 s by default). When every type of a queue is paused its consumers (every priority lane) are cancelled and its depth grows; while another type sharing the queue (detection.vad and system.ping; processing.*) is not paused, the queue is still consumed and the paused type's commands go back, unclaimed, through a 5 s delay stage. Jobs already running finish; queued ones stay QUEUED; submissions are still accepted. Kept in PostgreSQL: a restarted or new instance starts paused.";

/** `GET /v1/admin/job-types`, `POST /v1/admin/job-types/:type/pause|resume` (admin). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/job-types')
@UseGuards(AdminKeyGuard)
export class JobTypesController {
  constructor(private readonly handler: JobTypesHandler) {}

  @Get()
  @ApiOperation({ summary: 'Job types and whether each is paused' })
  async list(): Promise<{ items: JobTypePause[] }> {
    return { items: await this.handler.list() };
  }

  @Post(':type/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a job type (idempotent)', description: PAUSE_NOTE })
  @ApiResponse({ status: 404, description: 'No such job type (NOT_FOUND).' })
  pause(@Param('type') type: string): Promise<JobTypePause> {
    return this.handler.pause(type);
  }

  @Post(':type/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused job type (idempotent)' })
  @ApiResponse({ status: 404, description: 'No such job type (NOT_FOUND).' })
  resume(@Param('type') type: string): Promise<JobTypePause> {
    return this.handler.resume(type);
  }
}

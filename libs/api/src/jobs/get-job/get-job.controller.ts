import { UUID_PATTERN } from '@jobmill/contracts';
import {
  Controller,
  Get,
  Headers,
  Param,
  Res,
  type StreamableFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { EventStreams } from '../../events/event-streams';
import { HISTORY_CONTENT, SSE_CONTENT } from '../../events/sse-openapi';
import { sseResponse, wantsEventStream } from '../../events/sse-response';
import { notFound } from '../../problems/problem.error';
import { JobStore, presentJob, type JobResource } from '@jobmill/persistence';

/** `GET /v1/jobs/:id` and its history, from the read model; another tenant's job is a 404. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class GetJobController {
  constructor(
    private readonly jobs: JobStore,
    private readonly streams: EventStreams,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A job: status, progress, attempt, priority, result or error',
    description: 'expiresAt: when the finished job is deleted; a deleted job is a 404.',
  })
  @ApiOkResponse({ schema: { $ref: '#/components/schemas/Job' } })
  async get(@Tenant() tenant: string, @Param('id') id: string): Promise<JobResource> {
    const job = UUID_PATTERN.test(id) ? await this.jobs.findById(tenant, id.toLowerCase()) : null;
    if (!job) throw notFound('Job', id);
    return presentJob(job);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'The history of a job: every event, oldest first; live with Accept: text/event-stream',
    description:
      'JSON: `{ events: [...] }`. With `Accept: text/event-stream`: Server-Sent Events, the ' +
      'history then each new event (`id: <event id>`, `event: <name>`, `data: <JSON>`), ' +
      'heartbeat comments, and the stream ends after a terminal event (succeeded, failed, ' +
      'cancelled, rejected). Last-Event-ID resumes after that event; 204 if nothing follows ' +
      'it and it ended the job.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'SSE: resume after this event',
  })
  @ApiResponse({
    status: 200,
    description: 'The history (JSON) or the live stream (SSE)',
    content: { ...HISTORY_CONTENT, ...SSE_CONTENT },
  })
  @ApiResponse({ status: 204, description: 'SSE: nothing follows Last-Event-ID' })
  async events(
    @Tenant() tenant: string,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ events: unknown[] } | StreamableFile | undefined> {
    const job = UUID_PATTERN.test(id) ? await this.jobs.findById(tenant, id.toLowerCase()) : null;
    if (!job) throw notFound('Job', id);
    if (wantsEventStream(accept)) {
      return sseResponse(await this.streams.ofJob(tenant, job.id, lastEventId), res);
    }
    return { events: await this.jobs.history(tenant, job.id) };
  }
}

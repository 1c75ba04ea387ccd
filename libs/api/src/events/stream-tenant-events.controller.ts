import { Controller, Get, Headers, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { isJobType, JOB_EVENT_NAMES, JOB_STATES, STATE_AFTER } from '@jobmill/contracts';
import type { TenantFeedFilter } from '@jobmill/persistence';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Tenant } from '../auth/tenant.decorator';
import { ProblemError } from '../problems/problem.error';
import { EventStreams } from './event-streams';
import { SSE_CONTENT } from './sse-openapi';
import { sseResponse } from './sse-response';

/** Query of `GET /v1/events`. */
interface EventsQuery {
  readonly type?: string;
  readonly status?: string;
}

const badQuery = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_QUERY', 'Bad request', message, [{ path, message }]);

/** The filter of a query: a job type, and the event names that move a job to `status`. */
export function tenantFeedFilter(q: EventsQuery): TenantFeedFilter {
  if (q.status !== undefined && !(JOB_STATES as readonly string[]).includes(q.status)) {
    throw badQuery('/status', `status must be one of ${JOB_STATES.join(', ')}`);
  }
  if (q.type !== undefined && q.type !== 'pipeline' && !isJobType(q.type)) {
    throw badQuery('/type', `type '${q.type}' is not a job type`);
  }
  return {
    jobType: q.type ?? null,
    names: q.status ? JOB_EVENT_NAMES.filter((name) => STATE_AFTER[name] === q.status) : null,
  };
}

/** `GET /v1/events`: every event of the caller's tenant as it happens (Server-Sent Events). */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class StreamTenantEventsController {
  constructor(private readonly streams: EventStreams) {}

  @Get()
  @ApiOperation({
    summary: "Every event of the tenant's jobs, live (Server-Sent Events)",
    description:
      'Each event is `id: <event id>`, `event: <name>`, `data: <JSON>`; comments every ' +
      'SSE_HEARTBEAT_MS. `status` keeps events that move a job to that state (e.g. FAILED: ' +
      'failed and rejected). With Last-Event-ID, the events after that one come first.',
  })
  @ApiQuery({ name: 'type', required: false, description: 'Job type, e.g. detection.vad' })
  @ApiQuery({ name: 'status', required: false, enum: JOB_STATES })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event' })
  @ApiResponse({ status: 200, description: 'The live stream', content: SSE_CONTENT })
  async stream(
    @Tenant() tenant: string,
    @Query() q: EventsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile | undefined> {
    const stream = await this.streams.ofTenant(tenant, tenantFeedFilter(q), lastEventId);
    return sseResponse(stream, res);
  }
}

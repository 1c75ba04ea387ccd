import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JobTimelineStore, type TimelineBucket } from '@jobmill/persistence';
import { TenantOrAdminKeyGuard } from '../../auth/tenant-or-admin-key.guard';
import { TenantScope, type TenantScopeValue } from '../../auth/tenant-scope.decorator';
import { badQuery } from '../../jobs/list-jobs/job-search.query';

const MAX_MINUTES = 1_440;

/** The answer of `GET /v1/stats/timeline`. */
export interface JobTimeline {
  readonly bucketSeconds: 60;
  readonly buckets: TimelineBucket[];
}

/** `GET /v1/stats/timeline`: jobs submitted and ended, and queue waits, minute by minute. */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('v1/stats')
@UseGuards(TenantOrAdminKeyGuard)
export class JobTimelineController {
  constructor(private readonly timeline: JobTimelineStore) {}

  @Get('timeline')
  @ApiOperation({
    summary: 'Throughput, failures and queue wait per minute, oldest first',
    description:
      'One bucket per minute up to the current one, empty ones included: jobs submitted (by creation time), succeeded, failed and cancelled (by end time), and the 50th and 95th percentile of the queue wait (from due to started) of the jobs started in it (null when none started). From the read model; jobs submitted more than an hour before the window are not counted.',
  })
  @ApiQuery({ name: 'minutes', required: false, description: `1-${MAX_MINUTES}, default 60` })
  @ApiQuery({ name: 'tenant', required: false, description: 'admin keys only' })
  async get(
    @TenantScope() scope: TenantScopeValue,
    @Query('minutes') minutes?: string,
  ): Promise<JobTimeline> {
    const n = minutes === undefined ? 60 : Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > MAX_MINUTES)
      throw badQuery('/minutes', `minutes must be an integer from 1 to ${MAX_MINUTES}`);
    return { bucketSeconds: 60, buckets: await this.timeline.timeline(scope, n) };
  }
}

import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JOB_STATES } from '@jobmill/contracts';
import { TenantOrAdminKeyGuard } from '../../auth/tenant-or-admin-key.guard';
import { TenantScope, type TenantScopeValue } from '../../auth/tenant-scope.decorator';
import { JobStore, presentJob, type JobResource } from '@jobmill/persistence';
import { badQuery, parseJobSearch, type JobSearchParams } from './job-search.query';

/** `GET /v1/jobs`: the tenant's jobs (an admin's: every tenant's), newest first, filtered, paged. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(TenantOrAdminKeyGuard)
export class ListJobsController {
  constructor(private readonly jobs: JobStore) {}

  @Get()
  @ApiOperation({
    summary: 'List and search jobs, newest first',
    description:
      'Filters combine (all must hold). An admin key sees every tenant, or one with tenant=; tenant= from any other key is 403.',
  })
  @ApiQuery({ name: 'status', required: false, enum: JOB_STATES })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'id', required: false, description: 'a job id, or its first 4+ hex digits' })
  @ApiQuery({ name: 'createdAfter', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'createdBefore', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'tenant', required: false, description: 'admin keys only' })
  @ApiQuery({ name: 'scheduleId', required: false, description: 'only the runs of this schedule' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  async list(
    @TenantScope() scope: TenantScopeValue,
    @Query() q: JobSearchParams,
  ): Promise<{ items: JobResource[]; nextCursor: string | null }> {
    const page = await this.jobs.list(scope, parseJobSearch(q)).catch((error: unknown) => {
      throw (error as { code?: string }).code === 'INVALID_CURSOR'
        ? badQuery('/cursor', 'cursor is not one this API issued')
        : error;
    });
    return { items: page.items.map(presentJob), nextCursor: page.nextCursor };
  }
}

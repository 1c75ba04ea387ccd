import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JOB_STATES, type JobState } from '@jobmill/contracts';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { ProblemError } from '../../problems/problem.error';
import { JobStore, presentJob, type JobResource } from '@jobmill/persistence';

/** Query of `GET /v1/jobs`. */
interface ListQuery {
  readonly status?: string;
  readonly type?: string;
  readonly scheduleId?: string;
  readonly cursor?: string;
  readonly limit?: string;
}

const badQuery = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_QUERY', 'Bad request', message, [{ path, message }]);

/** `GET /v1/jobs`: the tenant's jobs, newest first, filtered and cursor-paginated. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class ListJobsController {
  constructor(private readonly jobs: JobStore) {}

  @Get()
  @ApiOperation({ summary: 'List jobs, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: JOB_STATES })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'scheduleId', required: false, description: 'only the runs of this schedule' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  async list(
    @Tenant() tenant: string,
    @Query() q: ListQuery,
  ): Promise<{ items: JobResource[]; nextCursor: string | null }> {
    if (q.status !== undefined && !(JOB_STATES as readonly string[]).includes(q.status)) {
      throw badQuery('/status', `status must be one of ${JOB_STATES.join(', ')}`);
    }
    const limit = q.limit === undefined ? 20 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw badQuery('/limit', 'limit must be an integer from 1 to 100');
    const page = await this.jobs
      .list(tenant, {
        limit,
        ...(q.status ? { status: q.status as JobState } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.scheduleId ? { scheduleId: q.scheduleId } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      })
      .catch((error: unknown) => {
        throw (error as { code?: string }).code === 'INVALID_CURSOR'
          ? badQuery('/cursor', 'cursor is not one this API issued')
          : error;
      });
    return { items: page.items.map(presentJob), nextCursor: page.nextCursor };
  }
}

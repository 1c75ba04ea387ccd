import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JOB_STATES } from '@jobmill/contracts';
import {
  DATA_SOURCE,
  JobSummaryStore,
  type DataSource,
  type JobSummary,
} from '@jobmill/persistence';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';

const count = { type: 'integer', minimum: 0 } as const;

/** The OpenAPI schema of `GET /v1/jobs/summary`. */
const summarySchema = {
  type: 'object',
  required: ['counts', 'total'],
  properties: {
    counts: {
      type: 'object',
      description: 'Jobs in each state; every state is present.',
      required: [...JOB_STATES],
      properties: Object.fromEntries(JOB_STATES.map((state) => [state, count])),
    },
    total: { ...count, description: 'All jobs of the tenant.' },
  },
};

/**
 * `GET /v1/jobs/summary`: the tenant's jobs counted by state, in one query. Registered before
 * GetJobController, whose `:id` would otherwise take the path.
 */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class JobSummaryController {
  private readonly summaries: JobSummaryStore;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.summaries = new JobSummaryStore(dataSource);
  }

  @Get('summary')
  @ApiOperation({ summary: "Count the tenant's jobs by status" })
  @ApiOkResponse({ description: '{ counts: { QUEUED: n, ... }, total }', schema: summarySchema })
  @ApiResponse({ status: 401, description: 'No API key, or not a valid one.' })
  summary(@Tenant() tenant: string): Promise<JobSummary> {
    return this.summaries.summarize(tenant);
  }
}

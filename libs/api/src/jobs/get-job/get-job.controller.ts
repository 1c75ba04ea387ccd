import { UUID_PATTERN } from '@jobmill/contracts';
import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { notFound } from '../../problems/problem.error';
import { JobStore, presentJob, type JobResource } from '@jobmill/persistence';

/** `GET /v1/jobs/:id` and its history, from the read model; another tenant's job is a 404. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class GetJobController {
  constructor(private readonly jobs: JobStore) {}

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
  @ApiOperation({ summary: 'The history of a job: every event, oldest first' })
  async events(@Tenant() tenant: string, @Param('id') id: string): Promise<{ events: unknown[] }> {
    const job = UUID_PATTERN.test(id) ? await this.jobs.findById(tenant, id.toLowerCase()) : null;
    if (!job) throw notFound('Job', id);
    return { events: await this.jobs.history(tenant, job.id) };
  }
}

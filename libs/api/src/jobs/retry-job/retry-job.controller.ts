import { UUID_PATTERN } from '@jobmill/contracts';
import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { notFound } from '../../problems/problem.error';
import { presentJob, type JobResource } from '@jobmill/persistence';
import { RetryJobHandler } from './retry-job.handler';

/** `POST /v1/jobs/:id/retry`: a FAILED job runs again as a new attempt. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class RetryJobController {
  constructor(private readonly handler: RetryJobHandler) {}

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Retry a failed job (a new attempt; its history shows it)',
    description:
      'A failed pipeline resumes from its failed step: that step runs again as its next attempt, ' +
      'the pipeline is RUNNING again (attempt + 1), the steps before it keep their results.',
  })
  @ApiResponse({ status: 202, description: 'Queued again with attempt + 1.' })
  @ApiResponse({ status: 409, description: 'The job is not FAILED (problem code JOB_NOT_FAILED).' })
  @ApiResponse({ status: 503, description: 'Broker unavailable: the job stays FAILED.' })
  async retry(@Tenant() tenant: string, @Param('id') id: string): Promise<JobResource> {
    if (!UUID_PATTERN.test(id)) throw notFound('Job', id);
    return presentJob(await this.handler.retry(tenant, id.toLowerCase()));
  }
}

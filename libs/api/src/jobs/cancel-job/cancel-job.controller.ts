import { UUID_PATTERN } from '@jobmill/contracts';
import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { notFound } from '../../problems/problem.error';
import { presentJob, type JobResource } from '@jobmill/persistence';
import { CancelJobHandler } from './cancel-job.handler';

/** `POST /v1/jobs/:id/cancel`: a queued job never starts, a running one is stopped. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class CancelJobController {
  constructor(private readonly handler: CancelJobHandler) {}

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel a queued or running job',
    description:
      'A pipeline: its step under way is cancelled and the steps after it never start; the ' +
      'pipeline and those steps are CANCELLED. Cancelling a step cancels its pipeline too.',
  })
  @ApiResponse({ status: 202, description: 'Cancelled: the job is CANCELLED, its work stops.' })
  @ApiResponse({ status: 409, description: 'The job already ended (problem code JOB_FINISHED).' })
  async cancel(@Tenant() tenant: string, @Param('id') id: string): Promise<JobResource> {
    if (!UUID_PATTERN.test(id)) throw notFound('Job', id);
    return presentJob(await this.handler.cancel(tenant, id.toLowerCase()));
  }
}

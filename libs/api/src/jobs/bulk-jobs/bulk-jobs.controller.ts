import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TenantOrAdminKeyGuard } from '../../auth/tenant-or-admin-key.guard';
import { TenantScope, type TenantScopeValue } from '../../auth/tenant-scope.decorator';
import { BulkJobsHandler, type BulkReport } from './bulk-jobs.handler';
import { BULK_LIMIT, parseBulkRequest } from './bulk-request';

/** `POST /v1/jobs/bulk`: cancel or retry every job a filter matches. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(TenantOrAdminKeyGuard)
export class BulkJobsController {
  constructor(private readonly handler: BulkJobsHandler) {}

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel or retry every job a filter matches (dryRun: only count them)',
    description: `The filter (status, type, createdAfter, createdBefore, ids; all optional, all must hold) is narrowed to the statuses the action applies to: cancel PENDING, QUEUED, RUNNING, RETRYING; retry FAILED. Each job goes through the single-job endpoint's handler (same rules, same problem codes in skipped). At most ${BULK_LIMIT} jobs an action: beyond, 400 BULK_TOO_LARGE (a dry run too). An admin key acts on every tenant, or one with tenant=.`,
  })
  @ApiQuery({ name: 'tenant', required: false, description: 'admin keys only' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['action'],
      properties: {
        action: { type: 'string', enum: ['cancel', 'retry'] },
        dryRun: { type: 'boolean', default: false },
        filter: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string' },
            type: { type: 'string' },
            createdAfter: { type: 'string', format: 'date-time' },
            createdBefore: { type: 'string', format: 'date-time' },
            ids: { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: BULK_LIMIT },
          },
        },
      },
    },
  })
  @ApiResponse({
    status: 200,
    description: '{ matched, applied, skipped: [{ id, code }] (first 100) }',
  })
  @ApiResponse({ status: 400, description: 'INVALID_BODY, INVALID_QUERY or BULK_TOO_LARGE.' })
  run(@TenantScope() scope: TenantScopeValue, @Body() body: unknown): Promise<BulkReport> {
    return this.handler.run(scope, parseBulkRequest(body));
  }
}

import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isJobType, JOB_TYPES } from '@jobmill/contracts';
import type { DeadLetterView } from '@jobmill/transport';
import { ProblemError } from '../problems/problem.error';
import { AdminKeyGuard } from './admin-key.guard';
import { DeadLettersHandler, type RequeueReport } from './dead-letters.handler';

const MAX_LIST = 1_000;

/** Admin endpoints over the dead-letter queue (ADMIN_API_KEYS only). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/dead-letters')
@UseGuards(AdminKeyGuard)
export class DeadLettersController {
  constructor(private readonly handler: DeadLettersHandler) {}

  @Get()
  @ApiOperation({ summary: 'Dead-lettered messages, oldest first, with why and from where' })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_LIST}, default 100` })
  async list(@Query('limit') limit?: string): Promise<{ items: DeadLetterView[] }> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIST)
      throw new ProblemError(400, 'INVALID_LIMIT', 'Bad request', `limit must be 1-${MAX_LIST}.`);
    return { items: await this.handler.list(n) };
  }

  @Post('requeue')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Requeue one dead letter ({ messageId }), the commands of one job type ({ jobType }), or all ({})',
    description:
      'Each letter is first judged as its original publisher would be: what the workers would refuse (e.g. TENANT_FORBIDDEN, MISSING_USER_ID, INVALID_DATA) stays, listed in notRequeued with its refusal. jobType matches the commands of that type (not events, nor batch letters). One call looks at most at the letters held when it started, for at most 20 s; complete is false if it stopped early.',
  })
  async requeue(
    @Body() body: { messageId?: unknown; jobType?: unknown } | undefined,
  ): Promise<RequeueReport> {
    const messageId = optionalText(body?.messageId, 'messageId', 'INVALID_MESSAGE_ID');
    const jobType = optionalText(body?.jobType, 'jobType', 'INVALID_JOB_TYPE');
    if (jobType !== undefined && !isJobType(jobType))
      throw new ProblemError(
        400,
        'INVALID_JOB_TYPE',
        'Bad request',
        `jobType must be one of ${JOB_TYPES.join(', ')}.`,
      );
    return this.handler.requeue({ messageId, jobType });
  }
}

function optionalText(value: unknown, name: string, code: string): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw new ProblemError(400, code, 'Bad request', `${name} must be a string.`);
  return value;
}

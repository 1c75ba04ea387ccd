import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isJobType, JOB_TYPES } from '@jobmill/contracts';
import type { DeadLetterView } from '@jobmill/transport';
import { ProblemError } from '../problems/problem.error';
import { AdminKeyGuard } from './admin-key.guard';
import { DeadLettersHandler, type DiscardReport, type RequeueReport } from './dead-letters.handler';

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
    return this.handler.requeue(selectionOf(body));
  }

  @Post('discard')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Remove dead letters for good: one ({ messageId }), those of a job type ({ jobType }) or reason code ({ code }), or all ({ all: true })',
    description:
      'For the letters a requeue keeps (refused for who published them, or data the workers would refuse again). Selectors given together must all match; an empty body is refused, so nothing goes by mistake. Each discarded letter is logged. Same bounds as a requeue: complete is false if the call stopped early.',
  })
  async discard(
    @Body()
    body: { messageId?: unknown; jobType?: unknown; code?: unknown; all?: unknown } | undefined,
  ): Promise<DiscardReport> {
    const selection = selectionOf(body);
    const code = optionalText(body?.code, 'code', 'INVALID_CODE');
    if (body?.all !== undefined && body.all !== true)
      throw new ProblemError(400, 'INVALID_ALL', 'Bad request', 'all must be true when given.');
    const selectors = [selection.messageId, selection.jobType, code].filter((v) => v !== undefined);
    if (selectors.length === 0 && body?.all !== true)
      throw new ProblemError(
        400,
        'DISCARD_SELECTION_REQUIRED',
        'Bad request',
        'Say which dead letters to discard: messageId, jobType or code, or all: true for every one.',
      );
    if (selectors.length > 0 && body?.all === true)
      throw new ProblemError(
        400,
        'DISCARD_SELECTION_AMBIGUOUS',
        'Bad request',
        'all: true discards every letter; give it alone, or selectors without it.',
      );
    return this.handler.discard({ ...selection, code });
  }
}

/** The messageId and jobType selectors of a requeue or discard body, checked. */
function selectionOf(body: { messageId?: unknown; jobType?: unknown } | undefined): {
  messageId: string | undefined;
  jobType: string | undefined;
} {
  const messageId = optionalText(body?.messageId, 'messageId', 'INVALID_MESSAGE_ID');
  const jobType = optionalText(body?.jobType, 'jobType', 'INVALID_JOB_TYPE');
  if (jobType !== undefined && !isJobType(jobType))
    throw new ProblemError(
      400,
      'INVALID_JOB_TYPE',
      'Bad request',
      `jobType must be one of ${JOB_TYPES.join(', ')}.`,
    );
  return { messageId, jobType };
}

function optionalText(value: unknown, name: string, code: string): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value === ''))
    throw new ProblemError(400, code, 'Bad request', `${name} must be a string.`);
  return value;
}

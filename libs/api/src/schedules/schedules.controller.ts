import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Tenant } from '../auth/tenant.decorator';
import { ProblemError } from '../problems/problem.error';
import { createScheduleSchema, parseScheduleRequest } from './schedule-request';
import { presentSchedule, SchedulesHandler, type ScheduleResource } from './schedules.handler';

/** `/v1/schedules`: recurring jobs; each tick submits one ordinary job carrying `scheduleId`. */
@ApiTags('schedules')
@ApiBearerAuth()
@Controller('v1/schedules')
@UseGuards(ApiKeyGuard)
export class SchedulesController {
  constructor(private readonly handler: SchedulesHandler) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a schedule: a job submitted at every tick of a cron expression',
  })
  @ApiBody({ schema: createScheduleSchema as object })
  @ApiResponse({
    status: 201,
    description: '{ id, cron, timezone, job, nextRunAt, ... }; Location',
  })
  @ApiResponse({
    status: 400,
    description: 'INVALID_CRON, INVALID_TIMEZONE, INVALID_SCHEDULE, or the job',
  })
  async create(
    @Tenant() tenant: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduleResource> {
    const schedule = presentSchedule(await this.handler.create(tenant, parseScheduleRequest(body)));
    res.setHeader('Location', schedule.links.self);
    return schedule;
  }

  @Get()
  @ApiOperation({ summary: "The tenant's schedules, newest first" })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  async list(
    @Tenant() tenant: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: ScheduleResource[] }> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new ProblemError(
        400,
        'INVALID_QUERY',
        'Bad request',
        'limit must be an integer from 1 to 1000',
        [{ path: '/limit', message: 'limit must be an integer from 1 to 1000' }],
      );
    return { items: (await this.handler.list(tenant, n)).map(presentSchedule) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A schedule (404 if not this tenant’s)' })
  async get(@Tenant() tenant: string, @Param('id') id: string): Promise<ScheduleResource> {
    return presentSchedule(await this.handler.get(tenant, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule: no tick after this; its jobs so far stay' })
  async delete(@Tenant() tenant: string, @Param('id') id: string): Promise<void> {
    await this.handler.delete(tenant, id);
  }
}

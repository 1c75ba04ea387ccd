import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminKeyGuard } from '../admin-key.guard';
import { QueuesHandler, type QueuesOverview } from './queues.handler';

/** `GET /v1/admin/queues` (admin). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/queues')
@UseGuards(AdminKeyGuard)
export class QueuesController {
  constructor(private readonly handler: QueuesHandler) {}

  @Get()
  @ApiOperation({
    summary: 'Queues: depth, consumers and pause of each job type and lane; dead letters; rates',
    description:
      'One item per job type and lane (each priority, and the backlog lanes of normal and low: jobs of tenants past their fair share). Job types routed to one queue share it: they show the same depth and consumers. paused: this job type is paused (its jobs wait; its queue keeps its consumers while a type sharing it is not paused). Depths and consumers from the broker (at most 2 s old; a queue the broker does not answer for shows 0); rates per job type over the last 5 minutes from the read model (inPerMinute: submitted, outPerMinute: ended).',
  })
  overview(): Promise<QueuesOverview> {
    return this.handler.overview();
  }
}

import { Module } from '@nestjs/common';
import { PingJobHandler } from './ping-job.handler';

/** The built-in job types (`system.ping`), for the worker whose queue `system.*` is bound to. */
@Module({ controllers: [PingJobHandler] })
export class SystemJobsModule {}

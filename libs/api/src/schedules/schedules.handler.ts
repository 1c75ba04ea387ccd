import { Injectable } from '@nestjs/common';
import { newId, validateSubmission } from '@jobmill/contracts';
import { ScheduleStore, UploadStore, type ScheduleView } from '@jobmill/persistence';
import { notFound } from '../problems/problem.error';
import { invalidSubmission, uploadMissing } from '../jobs/submit-job/submission-problems';
import { DEFAULT_TIMEZONE, firstTick } from './cron-expression';
import type { ScheduleRequest } from './schedule-request';

/** A schedule as REST clients see it. */
export type ScheduleResource = Omit<ScheduleView, 'tenant'> & {
  readonly links: { readonly self: string; readonly jobs: string };
};

/** Shapes a schedule for REST (the tenant is implied by the key). */
export function presentSchedule(schedule: ScheduleView): ScheduleResource {
  const { tenant: _tenant, ...rest } = schedule;
  const self = `/v1/schedules/${schedule.id}`;
  return { ...rest, links: { self, jobs: `/v1/jobs?scheduleId=${schedule.id}` } };
}

/** Recurring jobs of a tenant: create (validated cron, zone and job), list, read, delete. */
@Injectable()
export class SchedulesHandler {
  constructor(
    private readonly schedules: ScheduleStore,
    private readonly uploads: UploadStore,
  ) {}

  /** Records a schedule; its first job is submitted at its first tick after now. */
  async create(tenant: string, request: ScheduleRequest): Promise<ScheduleView> {
    const timezone = request.timezone ?? DEFAULT_TIMEZONE;
    const nextRunAt = firstTick(request.cron, timezone, new Date());
    const job = validateSubmission(request.job);
    if (!job.ok) throw invalidSubmission(job, '/job');
    const uploadId = job.value.input['uploadId'];
    if (
      typeof uploadId === 'string' &&
      (await this.uploads.existing(tenant, [uploadId])).size === 0
    )
      throw uploadMissing(uploadId, '/job/input/uploadId');
    const { type, input, maxAttempts, priority } = job.value;
    return this.schedules.create({
      id: newId(),
      tenant,
      cron: request.cron,
      timezone,
      job: {
        type,
        input,
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
        ...(priority === undefined ? {} : { priority }),
      },
      nextRunAt,
    });
  }

  /** The tenant's schedules, newest first. */
  list(tenant: string, limit: number): Promise<ScheduleView[]> {
    return this.schedules.list(tenant, limit);
  }

  /** The tenant's schedule; 404 for an unknown one or another tenant's. */
  async get(tenant: string, id: string): Promise<ScheduleView> {
    const schedule = await this.schedules.find(tenant, id);
    if (!schedule) throw notFound('Schedule', id);
    return schedule;
  }

  /** Deletes the tenant's schedule: no tick after this; its jobs so far stay. 404 otherwise. */
  async delete(tenant: string, id: string): Promise<void> {
    if (!(await this.schedules.delete(tenant, id))) throw notFound('Schedule', id);
  }
}

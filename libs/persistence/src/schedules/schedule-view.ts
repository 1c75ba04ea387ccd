/** The job a schedule submits at each tick: a submission's type, input and options. */
export interface ScheduledJob {
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly maxAttempts?: number;
  readonly priority?: string;
}

/** A schedule about to be recorded, its first tick computed. */
export interface NewSchedule {
  readonly id: string;
  readonly tenant: string;
  readonly cron: string;
  readonly timezone: string;
  readonly job: ScheduledJob;
  readonly nextRunAt: Date;
}

/** A schedule as the API shows it; timestamps are ISO-8601 strings. */
export interface ScheduleView {
  readonly id: string;
  readonly tenant: string;
  readonly cron: string;
  readonly timezone: string;
  readonly job: ScheduledJob;
  /** Null once the expression has no tick left. */
  readonly nextRunAt: string | null;
  readonly lastRunAt: string | null;
  readonly lastJobId: string | null;
  readonly createdAt: string;
}

/** The tick after `after` of a cron expression in its time zone, or null if there is none. */
export type NextTick = (schedule: { cron: string; timezone: string }, after: Date) => Date | null;

/** A `schedules` row as node-postgres returns it. */
export interface ScheduleRow {
  readonly id: string;
  readonly tenant: string;
  readonly cron: string;
  readonly timezone: string;
  readonly job: ScheduledJob;
  readonly next_run_at: Date | null;
  readonly last_run_at: Date | null;
  readonly last_job_id: string | null;
  readonly created_at: Date;
}

/** Maps a row to its view. */
export function toScheduleView(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    tenant: row.tenant,
    cron: row.cron,
    timezone: row.timezone,
    job: row.job,
    nextRunAt: row.next_run_at ? row.next_run_at.toISOString() : null,
    lastRunAt: row.last_run_at ? row.last_run_at.toISOString() : null,
    lastJobId: row.last_job_id,
    createdAt: row.created_at.toISOString(),
  };
}

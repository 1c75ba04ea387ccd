import { derivedId } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import {
  toScheduleView,
  type NewSchedule,
  type NextTick,
  type ScheduleRow,
  type ScheduleView,
} from './schedule-view';

const COLUMNS =
  'id, tenant, cron, timezone, job, next_run_at, last_run_at, last_job_id, created_at';
const MAX_LIST = 1000;

const INSERT = `
  INSERT INTO schedules (id, tenant, cron, timezone, job, next_run_at)
  VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${COLUMNS}`;

// Locked until the transaction ends and skipped by every other instance meanwhile; committed,
// next_run_at has moved past the tick, so no later claim sees it due again.
const CLAIM_DUE = `
  SELECT ${COLUMNS} FROM schedules WHERE next_run_at <= now()
  ORDER BY next_run_at LIMIT $1 FOR UPDATE SKIP LOCKED`;

// The tick's job is an ordinary delayed job due at the tick: the due-jobs dispatcher publishes it.
// Its id derives from (schedule, tick), so a tick can never make two jobs.
// Outside any transaction: an idle round costs this one index probe, no BEGIN and COMMIT.
const ANY_DUE = `SELECT 1 FROM schedules WHERE next_run_at <= now() LIMIT 1`;

const INSERT_RUNS = `
  INSERT INTO jobs (id, tenant, type, status, attempt, max_attempts, input, run_at, schedule_id,
    priority)
  SELECT t.job_id, s.tenant, s.job->>'type', 'PENDING', 1, (s.job->>'maxAttempts')::int,
    s.job->'input', s.next_run_at, s.id, COALESCE(s.job->>'priority', 'normal')
  FROM unnest($1::uuid[], $2::uuid[]) AS t(schedule_id, job_id)
  JOIN schedules s ON s.id = t.schedule_id
  ON CONFLICT DO NOTHING`;

const ADVANCE = `
  UPDATE schedules s SET next_run_at = t.next_run_at, last_run_at = s.next_run_at,
    last_job_id = t.job_id
  FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS t(schedule_id, job_id, next_run_at)
  WHERE s.id = t.schedule_id`;

/** A tenant's recurring jobs, and the claim that turns each due tick into exactly one job. */
export class ScheduleStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a schedule whose first tick is `nextRunAt`. */
  async create(schedule: NewSchedule): Promise<ScheduleView> {
    const { rows } = await runSql<ScheduleRow>(this.dataSource, INSERT, [
      schedule.id,
      schedule.tenant,
      schedule.cron,
      schedule.timezone,
      JSON.stringify(schedule.job),
      schedule.nextRunAt,
    ]);
    return toScheduleView(rows[0] as ScheduleRow);
  }

  /** The tenant's schedules, newest first (at most `limit`). */
  async list(tenant: string, limit: number): Promise<ScheduleView[]> {
    const n = Math.max(1, Math.min(Math.trunc(limit) || 1, MAX_LIST));
    const { rows } = await runSql<ScheduleRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM schedules WHERE tenant = $1 ORDER BY created_at DESC, id DESC LIMIT ${n}`,
      [tenant],
    );
    return rows.map(toScheduleView);
  }

  /** The tenant's schedule, or null (also another tenant's, or a malformed id). */
  async find(tenant: string, id: string): Promise<ScheduleView | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const { rows } = await runSql<ScheduleRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM schedules WHERE id = $1 AND tenant = $2`,
      [id, tenant],
    );
    return rows[0] ? toScheduleView(rows[0]) : null;
  }

  /** Deletes the tenant's schedule (no tick after this); false if it has none by that id. */
  async delete(tenant: string, id: string): Promise<boolean> {
    if (!UUID_PATTERN.test(id)) return false;
    const { affected } = await runSql(
      this.dataSource,
      'DELETE FROM schedules WHERE id = $1 AND tenant = $2',
      [id, tenant],
    );
    return affected > 0;
  }

  /**
   * Turns up to `limit` due schedules into one PENDING job each (due at the tick) and moves each
   * to its next tick after `now` (or after the tick, were that later), in one transaction: ticks
   * missed while nothing ran make one job, and the schedule goes on from now. Returns the jobs.
   */
  async tick(limit: number, nextTick: NextTick, now: Date = new Date()): Promise<string[]> {
    if ((await runSql(this.dataSource, ANY_DUE)).rows.length === 0) return [];
    return this.dataSource.transaction(async (manager) => {
      const { rows } = await runSql<ScheduleRow>(manager, CLAIM_DUE, [limit]);
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      // Claimed because next_run_at <= now(): never null here.
      const ticks = rows.map((r) => r.next_run_at ?? now);
      const jobIds = rows.map((r, i) =>
        derivedId('schedule', r.id, (ticks[i] ?? now).toISOString()),
      );
      const next = rows.map((r, i) => {
        const after = new Date(Math.max(now.getTime(), (ticks[i] ?? now).getTime()));
        return nextTick({ cron: r.cron, timezone: r.timezone }, after);
      });
      await runSql(manager, INSERT_RUNS, [ids, jobIds]);
      await runSql(manager, ADVANCE, [ids, jobIds, next]);
      return jobIds;
    });
  }
}

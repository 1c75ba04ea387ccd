import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { recentJobsCte } from './recent-jobs.sql';
import type { JobTypeRate, TenantScope, TimelineBucket } from './job-timeline';

/**
 * Jobs that started or ended in a window are looked for among those created in it or up to an
 * hour before it: a job submitted earlier still is left out of those counts. That bounds what
 * the query reads to the window and an hour, through an index the write path already keeps.
 */
export const LOOKBACK_MS = 3_600_000;

const COLUMNS = 'j.type, j.status, j.created_at, j.started_at, j.finished_at, j.run_at';

// $1: the lookback's start, $2: the tenant (when scoped), $3: the first minute, $4: the minutes.
const timelineSql = (scope: 'tenant' | 'all'): string => `
  WITH RECURSIVE ${recentJobsCte(COLUMNS, scope)},
  minutes AS (
    SELECT generate_series($3::timestamptz, $3::timestamptz + ($4::int - 1) * interval '1 minute',
      interval '1 minute') AS start
  ), submitted AS (
    SELECT date_trunc('minute', created_at) AS start, count(*)::int AS n
    FROM recent WHERE created_at >= $3::timestamptz GROUP BY 1
  ), ended AS (
    SELECT date_trunc('minute', finished_at) AS start,
      count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS succeeded,
      count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
      count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled
    FROM recent WHERE finished_at >= $3::timestamptz GROUP BY 1
  ), waits AS (
    SELECT date_trunc('minute', started_at) AS start,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_ms) AS p95
    FROM (SELECT started_at, greatest(0, extract(epoch FROM
            started_at - greatest(created_at, coalesce(run_at, created_at))) * 1000) AS wait_ms
          FROM recent WHERE started_at >= $3::timestamptz) started
    GROUP BY 1
  )
  SELECT m.start, coalesce(s.n, 0) AS submitted, coalesce(e.succeeded, 0) AS succeeded,
    coalesce(e.failed, 0) AS failed, coalesce(e.cancelled, 0) AS cancelled,
    round(w.p50)::int AS p50, round(w.p95)::int AS p95
  FROM minutes m
  LEFT JOIN submitted s ON s.start = m.start
  LEFT JOIN ended e ON e.start = m.start
  LEFT JOIN waits w ON w.start = m.start
  ORDER BY m.start`;

// $1: the lookback's start, $2: null (every tenant), $3: the window's start.
const RATES = `
  WITH RECURSIVE ${recentJobsCte('j.type, j.created_at, j.finished_at', 'all')}
  SELECT type, count(*) FILTER (WHERE created_at >= $3::timestamptz)::int AS submitted,
    count(*) FILTER (WHERE finished_at >= $3::timestamptz)::int AS ended
  FROM recent GROUP BY type`;

interface BucketRow {
  start: Date;
  submitted: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  p50: number | null;
  p95: number | null;
}

const MINUTE_MS = 60_000;

/** The read model's recent history: the per-minute timeline and per-type rates. */
export class JobTimelineStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The last `minutes` minutes (the current one included), oldest first, empty ones too. */
  async timeline(scope: TenantScope, minutes: number, now = new Date()): Promise<TimelineBucket[]> {
    const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const first = new Date(minute - (minutes - 1) * MINUTE_MS);
    const since = new Date(first.getTime() - LOOKBACK_MS);
    const sql = timelineSql(scope === null ? 'all' : 'tenant');
    const { rows } = await runSql<BucketRow>(this.dataSource, sql, [since, scope, first, minutes]);
    return rows.map((r) => ({
      start: r.start.toISOString(),
      submitted: r.submitted,
      succeeded: r.succeeded,
      failed: r.failed,
      cancelled: r.cancelled,
      queueWaitP50Ms: r.p50,
      queueWaitP95Ms: r.p95,
    }));
  }

  /**
   * Per job type, every tenant: jobs submitted and jobs ended per minute over the last `minutes`
   * (types with neither are left out).
   */
  async rates(minutes: number, now = new Date()): Promise<Record<string, JobTypeRate>> {
    const start = new Date(now.getTime() - minutes * MINUTE_MS);
    const since = new Date(start.getTime() - LOOKBACK_MS);
    const { rows } = await runSql<{ type: string; submitted: number; ended: number }>(
      this.dataSource,
      RATES,
      [since, null, start],
    );
    return Object.fromEntries(
      rows
        .filter((r) => r.submitted + r.ended > 0)
        .map((r) => [
          r.type,
          { inPerMinute: r.submitted / minutes, outPerMinute: r.ended / minutes },
        ]),
    );
  }
}

import type { DataSource } from 'typeorm';
import { DEDUP_HOLDING_STATES } from '../migrations/job-dedup-keys.migration';
import { runSql } from '../shared/run-sql';

/** A tenant's limits; 0 is none. */
export interface TenantLimit {
  /** Jobs submitted per calendar minute. */
  readonly perMinute: number;
  /** Unfinished jobs (pending, queued, running or retrying) at once. */
  readonly inFlight: number;
}

/** Whether `jobs` more jobs fit the tenant's limits, and if not, which limit they break. */
export type UsageDecision =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly limit: keyof TenantLimit; readonly inFlight: number };

const NO_LIMIT = 2_147_483_647;

// A pipeline counts once, as its parent: its steps are not counted (the waiting ones of a failed
// pipeline would hold the tenant's room until its retention ends).
// The in-flight count stops at the limit ($5; 0 without one), so a tenant with a large backlog
// costs no more than its limit's worth of index entries. The minute's count only moves when the jobs fit both
// limits (the WHERE of the upsert, and of its SELECT for a tenant's first row of the minute).
const ADMIT = `
  WITH in_flight AS (
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM jobs WHERE tenant = $1::text AND status IN ${DEDUP_HOLDING_STATES}
        AND pipeline_id IS NULL
      LIMIT $5::int
    ) unfinished
  ), counted AS (
    INSERT INTO tenant_submission_windows AS w (tenant, window_start, submitted)
    SELECT $1::text, date_trunc('minute', now()), $2::int
    WHERE $2::int <= $3::int AND (SELECT n FROM in_flight) + $2::int <= $4::int
    ON CONFLICT (tenant) DO UPDATE SET
      submitted = CASE WHEN w.window_start = EXCLUDED.window_start
        THEN w.submitted + EXCLUDED.submitted ELSE EXCLUDED.submitted END,
      window_start = EXCLUDED.window_start
    WHERE w.window_start <> EXCLUDED.window_start OR w.submitted + EXCLUDED.submitted <= $3::int
    RETURNING submitted
  )
  SELECT (SELECT n FROM in_flight) AS in_flight, (SELECT submitted FROM counted) AS submitted`;

/** Counts what each tenant submits against its limits, shared by every API process. */
export class TenantUsageStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Admits `jobs` more jobs of the tenant and counts them, or says which limit they break. */
  async admit(tenant: string, jobs: number, limit: TenantLimit): Promise<UsageDecision> {
    const perMinute = limit.perMinute || NO_LIMIT;
    const inFlight = limit.inFlight || NO_LIMIT;
    const { rows } = await runSql<{ in_flight: number; submitted: number | null }>(
      this.dataSource,
      ADMIT,
      [tenant, jobs, perMinute, inFlight, limit.inFlight],
    );
    const row = rows[0] ?? { in_flight: 0, submitted: null };
    if (row.submitted !== null) return { admitted: true };
    const limitBroken = row.in_flight + jobs > inFlight ? 'inFlight' : 'perMinute';
    return { admitted: false, limit: limitBroken, inFlight: row.in_flight };
  }
}

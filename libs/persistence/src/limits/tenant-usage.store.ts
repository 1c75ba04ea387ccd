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
// costs no more than its limit's worth of index entries. `granted` is what fits both limits: all
// of $2 or nothing when $6 (whole), else as many as fit. The minute's count moves by what was
// granted only if it still fits when the row is locked (the WHERE of the upsert), so concurrent
// admissions never pass the minute's limit; a concurrent one that took the room grants nothing.
const ADMIT = `
  WITH in_flight AS (
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM jobs WHERE tenant = $1::text AND status IN ${DEDUP_HOLDING_STATES}
        AND pipeline_id IS NULL
      LIMIT $5::int
    ) unfinished
  ), used AS (
    SELECT coalesce((SELECT submitted FROM tenant_submission_windows
      WHERE tenant = $1::text AND window_start = date_trunc('minute', now())), 0) AS n
  ), room AS (
    SELECT greatest(0, least($3::int - (SELECT n FROM used),
      $4::int - (SELECT n FROM in_flight))) AS n
  ), granted AS (
    SELECT CASE WHEN $6::bool AND (SELECT n FROM room) < $2::int THEN 0
      ELSE least($2::int, (SELECT n FROM room)) END AS n
  ), counted AS (
    INSERT INTO tenant_submission_windows AS w (tenant, window_start, submitted)
    SELECT $1::text, date_trunc('minute', now()), n FROM granted WHERE n > 0
    ON CONFLICT (tenant) DO UPDATE SET
      submitted = CASE WHEN w.window_start = EXCLUDED.window_start
        THEN w.submitted + EXCLUDED.submitted ELSE EXCLUDED.submitted END,
      window_start = EXCLUDED.window_start
    WHERE w.window_start <> EXCLUDED.window_start OR w.submitted + EXCLUDED.submitted <= $3::int
    RETURNING submitted
  )
  SELECT (SELECT n FROM in_flight) AS in_flight,
    CASE WHEN EXISTS (SELECT 1 FROM counted) THEN (SELECT n FROM granted) ELSE 0 END AS granted`;

/** How many of the jobs asked for a tenant's limits let through, and which limit held the rest. */
export interface PartialAdmission {
  readonly admitted: number;
  readonly refused?: { readonly limit: keyof TenantLimit; readonly inFlight: number };
}

/** Counts what each tenant submits against its limits, shared by every API process. */
export class TenantUsageStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Admits `jobs` more jobs of the tenant and counts them, or says which limit they break. */
  async admit(tenant: string, jobs: number, limit: TenantLimit): Promise<UsageDecision> {
    const { refused } = await this.count(tenant, jobs, limit, true);
    return refused ? { admitted: false, ...refused } : { admitted: true };
  }

  /** Admits and counts as many of `jobs` more jobs as fit (commands published one by one). */
  admitSome(tenant: string, jobs: number, limit: TenantLimit): Promise<PartialAdmission> {
    return this.count(tenant, jobs, limit, false);
  }

  private async count(
    tenant: string,
    jobs: number,
    limit: TenantLimit,
    whole: boolean,
  ): Promise<PartialAdmission> {
    const perMinute = limit.perMinute || NO_LIMIT;
    const inFlight = limit.inFlight || NO_LIMIT;
    const { rows } = await runSql<{ in_flight: number; granted: number }>(this.dataSource, ADMIT, [
      tenant,
      jobs,
      perMinute,
      inFlight,
      limit.inFlight,
      whole,
    ]);
    const row = rows[0] ?? { in_flight: 0, granted: 0 };
    if (row.granted >= jobs) return { admitted: jobs };
    // The in-flight limit held them if they would pass it; otherwise the minute's count did.
    const limitBroken = row.in_flight + jobs > inFlight ? 'inFlight' : 'perMinute';
    return { admitted: row.granted, refused: { limit: limitBroken, inFlight: row.in_flight } };
  }
}

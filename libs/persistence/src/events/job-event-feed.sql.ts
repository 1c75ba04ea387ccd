import { lifeRankSql } from './life-order';

// The columns of a feed row; `e` is job_events, `j` its job.
const COLUMNS = `e.id, e.job_id, e.tenant, j.type AS job_type, e.name, e.attempt, e.data,
  e.occurred_at, e.tx_id::text AS tx`;

const ORDER = `COALESCE(e.tx_id, '0'::xid8), e.occurred_at, e.attempt, ${lifeRankSql('e.name')},
  e.id COLLATE "C"`;

// Each query returns its statement's snapshot with its rows (one row with null columns when
// none matched): the rows are exactly those that snapshot saw.
const withSnapshot = (snapshot: string, rows: string): string => `
  WITH snap AS (SELECT ${snapshot} AS s)
  SELECT snap.s::text AS snapshot, r.* FROM snap LEFT JOIN LATERAL (${rows}) r ON true`;

/**
 * Events recorded since snapshot $1 (committed after it was taken, whatever their time), of
 * the jobs $2 or the tenants $3. Without a snapshot, only the current one.
 */
export const EVENTS_SINCE = withSnapshot(
  'pg_current_snapshot()',
  `SELECT ${COLUMNS} FROM job_events e LEFT JOIN jobs j ON j.id = e.job_id
   WHERE $1::pg_snapshot IS NOT NULL
     AND e.tx_id >= pg_snapshot_xmin($1::pg_snapshot)
     AND NOT pg_visible_in_snapshot(e.tx_id, $1::pg_snapshot)
     AND (e.job_id = ANY($2::uuid[]) OR e.tenant = ANY($3::text[]))`,
);

/** The tenant's job's history ($1 job, $2 tenant), in feed order. */
export const JOB_FEED = withSnapshot(
  'pg_current_snapshot()',
  `SELECT ${COLUMNS} FROM job_events e LEFT JOIN jobs j ON j.id = e.job_id
   WHERE e.job_id = $1::uuid AND e.tenant = $2::text
   ORDER BY ${ORDER}`,
);

/**
 * A page of the tenant's ($1) events after a position ($2-$4, $9, $10) in feed order, as
 * snapshot $5 saw them (the current one if null), of job type $6 and event names $7 (null: any).
 */
export const TENANT_FEED_PAGE = withSnapshot(
  'COALESCE($5::pg_snapshot, pg_current_snapshot())',
  `SELECT ${COLUMNS} FROM job_events e LEFT JOIN jobs j ON j.id = e.job_id
   WHERE e.tenant = $1::text
     AND (e.tx_id IS NULL OR pg_visible_in_snapshot(e.tx_id, snap.s))
     AND (${ORDER}) > ($2::xid8, $3::timestamptz, $9::int, $10::int, $4::text COLLATE "C")
     -- After an event with a transaction id, only later ones: the index on tx_id serves it.
     AND ($2::xid8 = '0'::xid8 OR e.tx_id >= $2::xid8)
     AND ($6::text IS NULL OR j.type = $6::text)
     AND ($7::text[] IS NULL OR e.name = ANY($7::text[]))
   ORDER BY ${ORDER}
   LIMIT $8::int`,
);

/** The position of the tenant's ($1) event $2, and its job. */
export const POSITION_OF = `
  SELECT e.id, e.job_id, e.name, e.attempt, e.occurred_at, e.tx_id::text AS tx FROM job_events e
  WHERE e.tenant = $1::text AND e.id = $2::text`;

import { prepared } from '../shared/prepared-statement';

// The batch's history rows ($1-$7); a row whose id is already stored is skipped, not returned.
const INSERT_HISTORY = `
  INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  SELECT id, job_id, tenant, name, attempt, data::jsonb, occurred_at
  FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[],
              $7::timestamptz[])
    AS t(id, job_id, tenant, name, attempt, data, occurred_at)
  ORDER BY id
  ON CONFLICT (id) DO NOTHING
  RETURNING job_id`;

// The patch moves the row forward: never out of a terminal state, never back to an older
// (attempt, rank), and a command's copy (a QUEUED patch) never moves an existing row.
const FORWARD = `(
  (EXCLUDED.status <> 'QUEUED' OR j.status = 'PENDING')
  AND j.status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
  AND (EXCLUDED.attempt, job_state_rank(EXCLUDED.status)) > (j.attempt, job_state_rank(j.status))
)`;

// The patch's error is newer than the row's (errors of older attempts never replace newer ones).
const NEWER_ERROR = `(
  EXCLUDED.error IS NOT NULL
  AND (j.error_attempt IS NULL OR EXCLUDED.error_attempt >= j.error_attempt)
)`;

// A terminal row keeps its error; success clears it.
const KEEP_ERROR = `j.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')`;
const CLEAR_ERROR = `(${FORWARD} AND EXCLUDED.status = 'SUCCEEDED')`;

// A command's copy (a QUEUED patch) of a job whose row the API or an event already defined
// changes nothing: skipping it spares a row version, the commonest update of all.
const CHANGES_ROW = `(
  EXCLUDED.status <> 'QUEUED' OR j.status = 'PENDING' OR j.input IS NULL
  OR (j.max_attempts IS NULL AND EXCLUDED.max_attempts IS NOT NULL)
  OR (j.priority IS NULL AND EXCLUDED.priority IS NOT NULL)
)`;

// When a finished job expires: its own retention ($26 per job, kept by the row once known),
// never beyond the status service's JOB_RETENTION ($27, ms); NULL while the job is unfinished.
const expiry = (finishedAt: string, retention: string) =>
  `${finishedAt} + LEAST(COALESCE(${retention}, $27::bigint), $27::bigint) * interval '1 millisecond'`;

const FINISHED_AT = `CASE WHEN ${FORWARD} THEN EXCLUDED.finished_at ELSE j.finished_at END`;

// Creates or advances one row per job ($8-$26, and $28 its callback_url); every column merge is
// idempotent and forward-only.
const UPSERT_JOBS = `
  INSERT INTO jobs AS j (id, tenant, type, status, attempt, max_attempts, priority, progress, input,
    result, error, error_attempt, created_at, updated_at, started_at, finished_at, next_attempt_at,
    worker, last_event_at, retention_ms, expires_at, callback_url)
  SELECT id, tenant, type, status, attempt, max_attempts, priority, progress, input::jsonb,
    result::jsonb, error::jsonb, error_attempt, created_at, now(), started_at, finished_at,
    next_attempt_at, worker, last_event_at, retention_ms, ${expiry('finished_at', 'retention_ms')},
    callback_url
  FROM unnest($8::uuid[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::text[],
              $15::real[], $16::text[], $17::text[], $18::text[], $19::int[], $20::timestamptz[],
              $21::timestamptz[], $22::timestamptz[], $23::timestamptz[], $24::text[],
              $25::timestamptz[], $26::bigint[], $28::text[])
    AS t(id, tenant, type, status, attempt, max_attempts, priority, progress, input, result, error,
         error_attempt, created_at, started_at, finished_at, next_attempt_at, worker, last_event_at,
         retention_ms, callback_url)
  WHERE id IN (SELECT job_id FROM fresh)
  ORDER BY id
  ON CONFLICT (id) DO UPDATE SET
    status = CASE WHEN ${FORWARD} THEN EXCLUDED.status ELSE j.status END,
    attempt = CASE WHEN ${FORWARD} THEN EXCLUDED.attempt ELSE j.attempt END,
    progress = CASE
      WHEN EXCLUDED.attempt = j.attempt THEN GREATEST(j.progress, EXCLUDED.progress)
      WHEN ${FORWARD} THEN EXCLUDED.progress
      ELSE j.progress END,
    result = CASE WHEN ${FORWARD} THEN COALESCE(EXCLUDED.result, j.result) ELSE j.result END,
    error = CASE
      WHEN ${KEEP_ERROR} THEN j.error
      WHEN ${CLEAR_ERROR} THEN NULL
      WHEN ${NEWER_ERROR} THEN EXCLUDED.error
      ELSE j.error END,
    error_attempt = CASE
      WHEN ${KEEP_ERROR} THEN j.error_attempt
      WHEN ${CLEAR_ERROR} THEN NULL
      WHEN ${NEWER_ERROR} THEN EXCLUDED.error_attempt
      ELSE j.error_attempt END,
    finished_at = ${FINISHED_AT},
    retention_ms = COALESCE(j.retention_ms, EXCLUDED.retention_ms),
    expires_at = ${expiry(FINISHED_AT, 'COALESCE(j.retention_ms, EXCLUDED.retention_ms)')},
    next_attempt_at = CASE WHEN ${FORWARD} THEN EXCLUDED.next_attempt_at ELSE j.next_attempt_at END,
    started_at = LEAST(j.started_at, EXCLUDED.started_at),
    worker = CASE
      WHEN EXCLUDED.worker IS NOT NULL AND (j.worker IS NULL OR EXCLUDED.attempt >= j.attempt)
      THEN EXCLUDED.worker ELSE j.worker END,
    input = COALESCE(j.input, EXCLUDED.input),
    max_attempts = COALESCE(j.max_attempts, EXCLUDED.max_attempts),
    priority = COALESCE(j.priority, EXCLUDED.priority),
    callback_url = COALESCE(j.callback_url, EXCLUDED.callback_url),
    -- A row made from events alone is dated by them until its command's copy dates it.
    created_at = CASE
      WHEN j.input IS NOT NULL THEN j.created_at
      WHEN EXCLUDED.input IS NOT NULL THEN EXCLUDED.created_at
      ELSE LEAST(j.created_at, EXCLUDED.created_at) END,
    last_event_at = GREATEST(j.last_event_at, EXCLUDED.last_event_at),
    updated_at = now()
  WHERE j.tenant = EXCLUDED.tenant AND ${CHANGES_ROW}`;

/**
 * One batch in one statement (no transaction round trips): its history rows, then the jobs that
 * got a new one, upserted from patches folded over the whole batch (re-applying an event already
 * recorded is a no-op: every merge is idempotent). Returns how many history rows were new.
 */
export const PROJECT_BATCH = prepared(`
  WITH fresh AS (${INSERT_HISTORY}),
  upserted AS (${UPSERT_JOBS})
  SELECT count(*)::int AS applied FROM fresh`);

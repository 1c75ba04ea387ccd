import { prepared } from '../shared/prepared-statement';

/** A cancellation: records `cancelled` as the outcome unless the job already has one. */
export const CANCEL = `
  INSERT INTO job_runs AS r (job_id, tenant, outcome, outcome_event, decided_at)
  VALUES ($1, $2, 'cancelled', $3::jsonb, now())
  ON CONFLICT (job_id) DO UPDATE SET outcome = 'cancelled', outcome_event = EXCLUDED.outcome_event,
    decided_at = now(), lease_until = NULL, updated_at = now()
  WHERE r.outcome IS NULL AND r.tenant = EXCLUDED.tenant
  RETURNING job_id`;

/** The read model shows the cancellation at once (the event's projection is then a no-op). */
export const MARK_CANCELLED = `
  UPDATE jobs SET status = 'CANCELLED', finished_at = now(), updated_at = now(),
    next_attempt_at = NULL
  WHERE id = $1 AND tenant = $2 AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')`;

/**
 * Refuses jobs no worker has claimed yet (the status service turning away commands past a
 * limit): their outcome is recorded before any lease, so the worker that reaches a refused
 * command finds it decided and runs nothing. A job id that already has a row is left alone (a
 * worker got there first, or the id is another job's) unless the row holds this very refusal
 * (a redelivered copy): that one is returned again.
 */
export const REFUSE_UNCLAIMED = `
  INSERT INTO job_runs AS r (job_id, tenant, outcome, outcome_event, decided_at)
  SELECT job_id, tenant, 'failed', event::jsonb, now()
  FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(job_id, tenant, event)
  ORDER BY job_id
  ON CONFLICT (job_id) DO UPDATE SET decided_at = r.decided_at
    WHERE r.outcome_event->>'id' = EXCLUDED.outcome_event->>'id'
  RETURNING job_id`;

/** Renews the leases still held under the given fencing tokens. */
export const HEARTBEAT = prepared(`
  UPDATE job_runs r SET lease_until = now() + ($3::int * interval '1 millisecond')
  FROM unnest($1::uuid[], $2::bigint[]) AS h(job_id, fence)
  WHERE r.job_id = h.job_id AND r.fence = h.fence AND r.outcome IS NULL`);

/**
 * Claims the jobs of a window that have no run row yet by inserting the row already leased: the
 * common case costs one row version and one statement. Any claim CLAIM_RUNS could refuse is left
 * to it: a job id that exists (conflict: not returned) or an upload that is not the tenant's.
 * Its parameters are CLAIM_RUNS's (`take_over` means nothing to a job with no holder).
 */
export const CLAIM_FRESH_RUNS = prepared(`
  INSERT INTO job_runs AS r (job_id, tenant, attempt, message_id, worker, message_ids, fence,
    lease_until)
  SELECT q.job_id, q.tenant, q.attempt, q.message_id, q.worker, ARRAY[q.message_id], 1,
    now() + (q.lease_ms * interval '1 millisecond')
  FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::text[],
    $8::uuid[]) AS q(job_id, attempt, message_id, worker, lease_ms, take_over, tenant, upload_id)
  WHERE q.upload_id IS NULL
    OR EXISTS (SELECT 1 FROM uploads u WHERE u.id = q.upload_id AND u.tenant = q.tenant)
  ORDER BY q.job_id
  ON CONFLICT (job_id) DO NOTHING
  RETURNING r.job_id, r.fence`);

/** Creates the run rows of a window of claims (in id order, so concurrent windows cannot deadlock). */
export const ENSURE_RUNS = prepared(`
  INSERT INTO job_runs (job_id, tenant)
  SELECT job_id, tenant FROM unnest($1::uuid[], $2::text[]) AS t(job_id, tenant)
  ORDER BY job_id
  ON CONFLICT (job_id) DO NOTHING`);

/**
 * A window of claims in one statement: locks the rows in id order, decides each claim as CLAIM
 * does one by one (foreign-job, decided, in-use, stale, busy, no-upload, or run), and takes the
 * lease of every runnable one. A job id of another tenant, an upload that is not the tenant's,
 * or a new command (an id that never claimed the job) naming a job still in flight (leased, or
 * between attempts) is refused here, in the statement the claim costs anyway. A higher attempt
 * is the job's own next one; a lapsed lease is a gone holder's. The request ids must be distinct.
 */
export const CLAIM_RUNS = prepared(`
  WITH req AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::int[], $6::bool[],
      $7::text[], $8::uuid[])
      AS t(job_id, attempt, message_id, worker, lease_ms, take_over, tenant, upload_id)
  ), locked AS MATERIALIZED (
    SELECT r.job_id, r.tenant, r.outcome, r.outcome_event, r.started_id, r.started_at,
           r.retried_attempt, r.attempt, r.worker, r.message_ids, (r.lease_until IS NOT NULL AND r.lease_until > now()) AS leased
    FROM job_runs r WHERE r.job_id IN (SELECT job_id FROM req)
    ORDER BY r.job_id FOR UPDATE
  ), verdict AS MATERIALIZED (
    SELECT q.job_id, q.attempt, q.message_id, q.worker AS claimant, q.lease_ms,
           l.outcome_event, l.started_id, l.started_at, l.worker,
           CASE
             WHEN l.tenant <> q.tenant THEN 'foreign-job'
             WHEN l.outcome IS NOT NULL AND l.outcome_event IS NOT NULL THEN 'decided'
             WHEN q.attempt <= l.attempt AND NOT q.message_id = ANY(l.message_ids)
               AND (l.leased OR q.attempt <= l.retried_attempt) THEN 'in-use'
             WHEN q.attempt <= l.retried_attempt THEN 'stale'
             WHEN l.leased AND NOT q.take_over AND q.attempt <= l.attempt THEN 'busy'
             WHEN q.upload_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM uploads u WHERE u.id = q.upload_id AND u.tenant = q.tenant
             ) THEN 'no-upload'
             ELSE 'run'
           END AS kind
    FROM req q JOIN locked l USING (job_id)
  ), taken AS (
    UPDATE job_runs r SET attempt = v.attempt, message_id = v.message_id, worker = v.claimant,
      message_ids = CASE WHEN v.message_id = ANY(r.message_ids) THEN r.message_ids
                         ELSE r.message_ids || v.message_id END,
      fence = r.fence + 1, lease_until = now() + (v.lease_ms * interval '1 millisecond'),
      updated_at = now()
    FROM verdict v WHERE r.job_id = v.job_id AND v.kind = 'run'
    RETURNING r.job_id, r.fence
  )
  SELECT v.job_id, v.kind, v.outcome_event, v.started_id, v.started_at, v.worker, t.fence
  FROM verdict v LEFT JOIN taken t USING (job_id)`);

/**
 * Records the outcomes of a window of jobs that have none yet, each with its attempt's start (if
 * it had one); returns the ids it recorded.
 */
export const DECIDE_RUNS = prepared(`
  WITH d AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[])
      AS t(job_id, outcome, event, started_id, started_at)
  ), open AS MATERIALIZED (
    SELECT r.job_id FROM job_runs r
    WHERE r.job_id IN (SELECT job_id FROM d) AND r.outcome IS NULL
    ORDER BY r.job_id FOR UPDATE
  )
  UPDATE job_runs r SET outcome = d.outcome, outcome_event = d.event::jsonb,
    started_id = d.started_id, started_at = d.started_at, decided_at = now(), lease_until = NULL,
    updated_at = now()
  FROM open o JOIN d USING (job_id)
  WHERE r.job_id = o.job_id AND r.outcome IS NULL
  RETURNING r.job_id`);

/** The recorded outcome events of some jobs. */
export const OUTCOME_EVENTS = prepared(`
  SELECT job_id, outcome_event FROM job_runs WHERE job_id = ANY($1::uuid[])`);

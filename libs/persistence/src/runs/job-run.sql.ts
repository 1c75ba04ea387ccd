/** Creates the job's run row if it has none yet. */
export const ENSURE_RUN = `
  INSERT INTO job_runs (job_id, tenant) VALUES ($1, $2) ON CONFLICT (job_id) DO NOTHING`;

/** The run row, locked for the claim decision. */
export const LOCK_RUN = `
  SELECT outcome, outcome_event, retried_attempt, attempt, worker, fence,
         (lease_until IS NOT NULL AND lease_until > now()) AS leased
  FROM job_runs WHERE job_id = $1 FOR UPDATE`;

/** Takes the lease with a new fencing token. */
export const TAKE_LEASE = `
  UPDATE job_runs SET attempt = $2, message_id = $3, worker = $4, fence = fence + 1,
    lease_until = now() + ($5::int * interval '1 millisecond'), updated_at = now()
  WHERE job_id = $1 RETURNING fence`;

/** Records the outcome if the job has none; returns the row only if this call recorded it. */
export const DECIDE = `
  UPDATE job_runs SET outcome = $2, outcome_event = $3::jsonb, decided_at = now(),
    lease_until = NULL, updated_at = now()
  WHERE job_id = $1 AND outcome IS NULL RETURNING job_id`;

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

/** Renews the leases still held under the given fencing tokens. */
export const HEARTBEAT = `
  UPDATE job_runs r SET lease_until = now() + ($3::int * interval '1 millisecond')
  FROM unnest($1::uuid[], $2::bigint[]) AS h(job_id, fence)
  WHERE r.job_id = h.job_id AND r.fence = h.fence AND r.outcome IS NULL`;

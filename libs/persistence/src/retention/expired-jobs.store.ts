import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** Expired jobs claimed for deletion, with the output blobs they recorded. */
export interface ExpiredJobs {
  readonly jobIds: readonly string[];
  /** Output blobs named by the jobs' results (`result.output.blobId`). */
  readonly blobIds: readonly string[];
}

// SKIP LOCKED: several status replicas each take other jobs, and a job a manual retry holds
// (reopening it clears expires_at) is left alone rather than waited for. A pipeline's steps go
// with their pipeline, never before it (a retry may still need what they recorded).
const CLAIM_EXPIRED = `
  WITH claimed AS (
    SELECT id, expires_at FROM jobs
    WHERE expires_at <= now() AND pipeline_id IS NULL
    ORDER BY expires_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  SELECT id, blob_id FROM (
    SELECT c.expires_at, c.id AS claimed_id, 0 AS place, j.id,
      j.result->'output'->>'blobId' AS blob_id
    FROM claimed c JOIN jobs j ON j.id = c.id
    UNION ALL
    SELECT c.expires_at, c.id, s.step_index + 1, s.id, s.result->'output'->>'blobId'
    FROM claimed c JOIN jobs s ON s.pipeline_id = c.id
  ) doomed
  ORDER BY expires_at, claimed_id, place`;

// The claimed jobs and everything kept about them, in one statement: history, the workers'
// inbox row, an outbox row a crash may have left behind, and webhook deliveries (a pending one
// is given up: its body is the job, which is gone).
const DELETE_JOBS = `
  WITH doomed AS (SELECT unnest($1::uuid[]) AS id),
  history AS (DELETE FROM job_events e USING doomed d WHERE e.job_id = d.id),
  runs AS (DELETE FROM job_runs r USING doomed d WHERE r.job_id = d.id),
  outbox AS (DELETE FROM unconfirmed_commands u USING doomed d WHERE u.job_id = d.id),
  deliveries AS (DELETE FROM webhook_deliveries w USING doomed d WHERE w.job_id = d.id)
  DELETE FROM jobs j USING doomed d WHERE j.id = d.id`;

/**
 * Deletes finished jobs whose `expires_at` has passed, a batch per short transaction: the
 * jobs are claimed (row locks), their blobs removed by the caller, then their rows deleted.
 */
export class ExpiredJobsStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` expired jobs, lets `removeBlobs` delete their output blobs (a failure
   * rolls back and keeps the jobs for the next round), then deletes them. Returns how many.
   */
  async deleteBatch(
    limit: number,
    removeBlobs: (expired: ExpiredJobs) => Promise<void>,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const { rows } = await runSql<{ id: string; blob_id: string | null }>(
        manager,
        CLAIM_EXPIRED,
        [limit],
      );
      if (rows.length === 0) return 0;
      const jobIds = rows.map((r) => r.id);
      // A pipeline's result names its last step's output: one blob, removed once.
      const blobIds = [...new Set(rows.flatMap((r) => r.blob_id ?? []))];
      await removeBlobs({ jobIds, blobIds });
      await runSql(manager, DELETE_JOBS, [jobIds]);
      return jobIds.length;
    });
  }
}

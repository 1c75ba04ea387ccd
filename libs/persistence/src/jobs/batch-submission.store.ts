import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { JOB_COLUMNS, type JobRow, type JobView, toJobView } from './job-view';

/** A batch's claim on an Idempotency-Key: the body's hash and the ids its jobs get. */
export interface BatchClaim {
  readonly tenant: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly jobIds: readonly string[];
}

/** What claiming a key found: ours now, or an earlier claim (with its age). */
export type BatchClaimResult =
  | { readonly claimed: true }
  | {
      readonly claimed: false;
      readonly requestHash: string;
      readonly jobIds: readonly string[];
      readonly ageMs: number;
    };

interface ClaimRow {
  readonly request_hash: string;
  readonly job_ids: string[];
  readonly age_ms: number;
}

/** Idempotency-Keys of batch submissions (`batch_submissions`), claimed before the jobs exist. */
export class BatchSubmissionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Claims the key for this batch, or returns the claim that holds it. */
  async claim(claim: BatchClaim): Promise<BatchClaimResult> {
    const params = [claim.tenant, claim.idempotencyKey];
    const inserted = await runSql(
      this.dataSource,
      `INSERT INTO batch_submissions (tenant, idempotency_key, request_hash, job_ids)
       VALUES ($1, $2, $3, $4::uuid[]) ON CONFLICT DO NOTHING RETURNING 1`,
      [...params, claim.requestHash, claim.jobIds],
    );
    if (inserted.rows.length > 0) return { claimed: true };
    const { rows } = await runSql<ClaimRow>(
      this.dataSource,
      `SELECT request_hash, job_ids,
              (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms
       FROM batch_submissions WHERE tenant = $1 AND idempotency_key = $2`,
      params,
    );
    const row = rows[0];
    // Released between our two statements: try again from the start.
    if (!row) return this.claim(claim);
    return {
      claimed: false,
      requestHash: row.request_hash,
      jobIds: row.job_ids,
      ageMs: row.age_ms,
    };
  }

  /** Gives the key back (a refused or withdrawn batch), only if these ids still hold it. */
  async release(tenant: string, idempotencyKey: string, jobIds: readonly string[]): Promise<void> {
    await runSql(
      this.dataSource,
      `DELETE FROM batch_submissions
       WHERE tenant = $1 AND idempotency_key = $2 AND job_ids = $3::uuid[]`,
      [tenant, idempotencyKey, jobIds],
    );
  }

  /** The tenant's jobs with these ids, in the given order; missing ones are left out. */
  async jobsOf(tenant: string, jobIds: readonly string[]): Promise<JobView[]> {
    const { rows } = await runSql<JobRow>(
      this.dataSource,
      `SELECT ${JOB_COLUMNS.replace(/(^|, )/g, '$1j.')}
       FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, n) JOIN jobs j ON j.id = t.id
       WHERE j.tenant = $1 ORDER BY t.n`,
      [tenant, jobIds],
    );
    return rows.map(toJobView);
  }
}

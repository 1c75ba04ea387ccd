import {
  carriedTraceContext,
  priorityOf,
  type JobPriority,
  type TraceContext,
} from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { DEDUP_HOLDING_STATES } from '../migrations/job-dedup-keys.migration';
import { runSql } from '../shared/run-sql';
import type { AcceptedJob, InsertAcceptedResult } from './accepted-job';
import {
  ACCEPTED_ARRAYS,
  ACCEPTED_COLUMNS,
  ACCEPTED_VALUES,
  acceptedParams,
} from './accepted-job-columns';
import { JOB_COLUMNS, type JobRow, type JobView, toJobView } from './job-view';

/** A job accepted to run later: PENDING, with no command published until `runAt`. */
export interface DelayedJob extends AcceptedJob {
  readonly runAt: Date;
  /** The submission's trace context: the command published when due continues it. */
  readonly trace?: TraceContext;
}

/** A delayed job whose time came, claimed by one dispatcher: its command is to be published. */
export interface DueJob {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly maxAttempts: number | null;
  readonly attempt: number;
  /** The command's id, already in the outbox row: a republish of it is a copy. */
  readonly messageId: string;
  readonly runAt: Date;
  /** The job's priority: its command goes to that lane. */
  readonly priority: JobPriority;
  /** The trace context recorded with the job: its command continues the submitter's trace. */
  readonly trace?: TraceContext;
}

interface DueRow {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly max_attempts: number | null;
  readonly attempt: number;
  readonly message_id: string;
  readonly run_at: Date;
  readonly priority: string | null;
  readonly traceparent: string | null;
  readonly tracestate: string | null;
}

// No outbox row: nothing is published before the job is due, so there is nothing to sweep.
// No conflict target: a job may lose to the holder of its idempotency key or of its dedup key.
const INSERT_PENDING = `
  INSERT INTO jobs (${ACCEPTED_COLUMNS}, run_at, traceparent, tracestate, status, attempt)
  SELECT ${ACCEPTED_VALUES}, run_at, traceparent, tracestate, 'PENDING', 1
  FROM unnest(${ACCEPTED_ARRAYS}, $12::timestamptz[], $13::text[], $14::text[])
    AS t(${ACCEPTED_COLUMNS}, run_at, traceparent, tracestate)
  ON CONFLICT DO NOTHING
  RETURNING ${JOB_COLUMNS}`;

const SELECT_BY_DEDUP_KEYS = `
  SELECT ${JOB_COLUMNS} FROM jobs
  WHERE (tenant, dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    AND status IN ${DEDUP_HOLDING_STATES}`;

// A delayed pipeline's parent shows its runAt, but only its first step is published.
// SKIP LOCKED shares the due jobs among API replicas without a leader; the same statement moves
// them to QUEUED (so no other dispatcher, nor a cancellation's check, sees them PENDING) and
// records their commands as unconfirmed: the outbox covers a crash before the publish.
const CLAIM_DUE = `
  WITH due AS (
    SELECT id FROM jobs WHERE status = 'PENDING' AND run_at <= now() AND type <> 'pipeline'
    ORDER BY run_at LIMIT $1
    FOR UPDATE SKIP LOCKED
  ), queued AS (
    UPDATE jobs j SET status = 'QUEUED', updated_at = now()
    FROM due WHERE j.id = due.id
    RETURNING j.id, j.tenant, j.type, j.input, j.max_attempts, j.attempt, j.run_at, j.priority,
      j.traceparent, j.tracestate, gen_random_uuid()::text AS message_id
  ), unconfirmed AS (
    INSERT INTO unconfirmed_commands (job_id, message_id, attempt)
    SELECT id, message_id, attempt FROM queued
  )
  SELECT * FROM queued`;

// Puts back the jobs whose publish failed: the next round tries again. A row a sweeper claimed
// meanwhile stays with it; a job that moved on (its command did arrive) stays where it is.
const RELEASE = `
  WITH withdrawn AS (
    DELETE FROM unconfirmed_commands WHERE job_id = ANY($1::uuid[]) AND claimed_at IS NULL
    RETURNING job_id
  )
  UPDATE jobs j SET status = 'PENDING', updated_at = now()
  FROM withdrawn w WHERE j.id = w.job_id AND j.status = 'QUEUED'`;

const SELECT_BY_KEY = `SELECT ${JOB_COLUMNS} FROM jobs WHERE tenant = $1 AND idempotency_key = $2`;

/** Delayed jobs: recorded PENDING with their due time, then claimed when due by a dispatcher. */
export class DelayedJobStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records one delayed job; the job already holding (tenant, idempotencyKey), or an unfinished
   * one holding (tenant, dedupKey), is returned instead.
   */
  async insertPending(job: DelayedJob): Promise<InsertAcceptedResult> {
    // The holder of a key may be deleted or finish between our statements: try again.
    for (let round = 0; round < 3; round += 1) {
      const inserted = (await this.insert([job])).get(job.id);
      if (inserted) return { inserted: true, job: inserted };
      const { rows } = await runSql<JobRow>(this.dataSource, SELECT_BY_KEY, [
        job.tenant,
        job.idempotencyKey ?? '',
      ]);
      const row = rows[0];
      if (row) return { inserted: false, heldBy: 'idempotencyKey', existing: withHash(row) };
      const [holder] = await this.holdersOf([job]);
      if (holder) return { inserted: false, heldBy: 'dedupKey', existing: withHash(holder) };
    }
    throw new Error(`The keys of job ${job.id} kept changing hands; giving up`);
  }

  /**
   * Records delayed jobs without idempotency keys in one statement, in input order; an element
   * whose id differs is the unfinished job that holds its dedup key.
   */
  async insertPendingMany(jobs: readonly DelayedJob[]): Promise<JobView[]> {
    if (jobs.length === 0) return [];
    const byId = await this.insert(jobs);
    const holders = (await this.holdersOf(jobs.filter((j) => !byId.has(j.id)))).map(toJobView);
    return jobs.map((j) => {
      const view =
        byId.get(j.id) ?? holders.find((h) => h.tenant === j.tenant && h.dedupKey === j.dedupKey);
      if (!view) throw new Error(`Job ${j.id} was neither inserted nor found by its dedup key`);
      return view;
    });
  }

  /** Withdraws delayed jobs of a batch that was not accepted after all (still PENDING only). */
  async removePending(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await runSql(
      this.dataSource,
      `DELETE FROM jobs WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [ids],
    );
  }

  /** Claims up to `limit` due jobs (moving them to QUEUED), oldest due time first. */
  async claimDue(limit: number): Promise<DueJob[]> {
    const { rows } = await runSql<DueRow>(this.dataSource, CLAIM_DUE, [limit]);
    return rows.map((r) => ({
      id: r.id,
      tenant: r.tenant,
      type: r.type,
      input: r.input,
      maxAttempts: r.max_attempts,
      attempt: Number(r.attempt),
      messageId: r.message_id,
      runAt: r.run_at,
      priority: priorityOf(r),
      trace: carriedTraceContext(r),
    }));
  }

  /** Gives claimed jobs whose commands could not be published back to the next round. */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await runSql(this.dataSource, RELEASE, [ids]);
  }

  private async holdersOf(jobs: readonly DelayedJob[]): Promise<JobRow[]> {
    const keyed = jobs.filter((j) => j.dedupKey !== undefined);
    if (keyed.length === 0) return [];
    const { rows } = await runSql<JobRow>(this.dataSource, SELECT_BY_DEDUP_KEYS, [
      keyed.map((j) => j.tenant),
      keyed.map((j) => j.dedupKey),
    ]);
    return rows;
  }

  private async insert(jobs: readonly DelayedJob[]): Promise<Map<string, JobView>> {
    const { rows } = await runSql<JobRow>(this.dataSource, INSERT_PENDING, [
      ...acceptedParams(jobs),
      jobs.map((j) => j.runAt),
      jobs.map((j) => j.trace?.traceparent ?? null),
      jobs.map((j) => j.trace?.tracestate ?? null),
    ]);
    return new Map(rows.map((row) => [row.id, toJobView(row)]));
  }
}

const withHash = (row: JobRow): JobView & { readonly requestHash: string | null } => ({
  ...toJobView(row),
  requestHash: row.request_hash,
});

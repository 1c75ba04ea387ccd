import type { DataSource } from 'typeorm';
import {
  carriedTraceContext,
  priorityOf,
  type JobPriority,
  type TraceContext,
} from '@jobmill/contracts';
import { runSql } from '../shared/run-sql';
import { prepared } from '../shared/prepared-statement';

/** A job whose command was recorded but never confirmed, claimed by one sweeper for republishing. */
export interface UnconfirmedJob {
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  readonly input: Record<string, unknown>;
  readonly maxAttempts: number | null;
  /** The job's priority: the republish goes to its lane. */
  readonly priority: JobPriority;
  /** Only a QUEUED job is republished; one that moved on shows its command did reach a worker. */
  readonly queued: boolean;
  /** The attempt the command was for: 1, or a manual retry's. */
  readonly attempt: number;
  /** The id the command was published with, when recorded: the republish reuses it. */
  readonly messageId: string | null;
  /** The trace context recorded with the job (a delayed job's): the republish continues it. */
  readonly trace?: TraceContext;
}

interface Row {
  readonly job_id: string;
  readonly tenant: string | null;
  readonly type: string | null;
  readonly input: Record<string, unknown> | null;
  readonly max_attempts: number | null;
  readonly priority: string | null;
  readonly status: string | null;
  readonly attempt: number;
  readonly message_id: string | null;
  readonly traceparent: string | null;
  readonly tracestate: string | null;
}

// SKIP LOCKED keeps two API replicas off the same rows while one claims them; moving claimed_at
// on keeps them off afterwards, for `after` ms: long enough to publish, short enough to retry.
const CLAIM = `
  WITH due AS (
    SELECT job_id FROM unconfirmed_commands
    WHERE COALESCE(claimed_at, recorded_at) <= now() - $1 * interval '1 millisecond'
    ORDER BY recorded_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE unconfirmed_commands u SET claimed_at = now(), claims = u.claims + 1
    FROM due WHERE u.job_id = due.job_id
    RETURNING u.job_id, u.attempt, u.message_id
  )
  SELECT c.job_id, c.attempt, c.message_id, j.tenant, j.type, j.input, j.max_attempts, j.priority, j.status,
    j.traceparent, j.tracestate
  FROM claimed c LEFT JOIN jobs j ON j.id = c.job_id`;

const CONFIRM = prepared(`DELETE FROM unconfirmed_commands WHERE job_id = ANY($1::uuid[])`);

/**
 * The API's outbox (`unconfirmed_commands`): JobStore writes a row with each accepted job, and
 * JobRetryStore one with each reopened job; the API deletes it once the broker confirmed the
 * command, and a sweeper republishes what a crash left behind. Each method is one statement,
 * whatever the number of jobs.
 */
export class UnconfirmedCommandsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The broker confirmed these jobs' commands (or they need none): forget them. */
  async confirm(jobIds: readonly string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await runSql(this.dataSource, CONFIRM, [jobIds]);
  }

  /**
   * Claims up to `limit` jobs recorded (or last claimed) at least `afterMs` ago whose command is
   * still unconfirmed. A claimed job is nobody else's for another `afterMs`; a job whose row is
   * gone comes back with `queued: false`.
   */
  async claimDue(afterMs: number, limit: number): Promise<UnconfirmedJob[]> {
    const { rows } = await runSql<Row>(this.dataSource, CLAIM, [afterMs, limit]);
    return rows.map((r) => ({
      id: r.job_id,
      tenant: r.tenant ?? '',
      type: r.type ?? '',
      input: r.input ?? {},
      maxAttempts: r.max_attempts,
      priority: priorityOf(r),
      queued: r.status === 'QUEUED',
      attempt: Number(r.attempt),
      messageId: r.message_id,
      trace: carriedTraceContext(r),
    }));
  }

  /** Forgets every row: for embedded mode's start, which reissues every unfinished job anyway. */
  async forgetAll(): Promise<void> {
    await runSql(this.dataSource, 'DELETE FROM unconfirmed_commands');
  }
}

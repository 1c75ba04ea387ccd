import type { DataSource } from 'typeorm';
import { JOB_COLUMNS, PIPELINE_STEPS_COLUMN, toJobView, type JobRow } from '../jobs/job-view';
import { runSql } from '../shared/run-sql';
import type { ClaimedDelivery, DeliveryAttemptRecord } from './webhook-delivery';

interface DeliveryRow {
  readonly job_id: string;
  readonly tenant: string;
  readonly job_attempt: number;
  readonly job_status: ClaimedDelivery['jobStatus'];
  readonly url: string;
  readonly attempts: number;
  readonly body: string | null;
  readonly created_at: Date;
}

// Claiming moves due_at past the attempt's timeout: if this process dies mid-POST, the row
// becomes due again and another deliverer (or this one after a restart) takes it.
const CLAIM = `
  UPDATE webhook_deliveries d SET attempts = d.attempts + 1,
    due_at = now() + $2::int * interval '1 millisecond', updated_at = now()
  FROM (SELECT job_id, job_attempt, job_status FROM webhook_deliveries
        WHERE state = 'PENDING' AND due_at <= now()
        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
  WHERE (d.job_id, d.job_attempt, d.job_status) = (due.job_id, due.job_attempt, due.job_status)
  RETURNING d.job_id, d.tenant, d.job_attempt, d.job_status, d.url, d.attempts, d.body,
    d.created_at`;

// The attempt's outcome and its history entry in one statement; the entry's id is the
// delivery's and attempt's, so recording the same attempt twice adds nothing.
const RECORD = `
  WITH delivery AS (
    UPDATE webhook_deliveries SET body = COALESCE(body, $2), updated_at = now(),
      state = CASE WHEN $3 THEN 'DELIVERED' WHEN $4::timestamptz IS NULL THEN 'FAILED'
                   ELSE 'PENDING' END,
      due_at = COALESCE($4::timestamptz, due_at)
    WHERE job_id = $1 AND job_attempt = $9 AND job_status = $10 AND attempts = $5
    RETURNING job_id, tenant, job_attempt
  )
  INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  SELECT $6, job_id, tenant, $7, job_attempt, $8::jsonb, now() FROM delivery
  ON CONFLICT (id) DO NOTHING`;

/** Webhook deliveries: claimed when due (several deliverers share them), each attempt recorded. */
export class WebhookDeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries, skipping rows another deliverer holds; each is hidden
   * for `leaseMs` (longer than one attempt) in case this process dies before recording it.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await runSql<DeliveryRow>(this.dataSource, CLAIM, [limit, leaseMs]);
    if (rows.length === 0) return [];
    const firstTimers = rows.filter((r) => r.body === null).map((r) => r.job_id);
    const jobs = new Map<string, JobRow>();
    if (firstTimers.length > 0) {
      const found = await runSql<JobRow>(
        this.dataSource,
        `SELECT ${JOB_COLUMNS}, ${PIPELINE_STEPS_COLUMN} FROM jobs WHERE id = ANY($1::uuid[])`,
        [firstTimers],
      );
      for (const job of found.rows) jobs.set(job.id, job);
    }
    return rows.map((r) => {
      const job = jobs.get(r.job_id);
      return {
        id: `${r.job_id}.${r.job_attempt}.${r.job_status.toLowerCase()}`,
        jobId: r.job_id,
        tenant: r.tenant,
        jobAttempt: r.job_attempt,
        jobStatus: r.job_status,
        url: r.url,
        attempt: r.attempts,
        body: r.body,
        createdAt: r.created_at.toISOString(),
        job: job && job.tenant === r.tenant ? toJobView(job) : null,
      };
    });
  }

  /** Records one attempt: the delivery's new state and a `webhook.*` entry in the job's history. */
  async record(attempt: DeliveryAttemptRecord): Promise<void> {
    const { delivery } = attempt;
    await runSql(this.dataSource, RECORD, [
      delivery.jobId,
      attempt.body,
      attempt.delivered,
      attempt.delivered ? null : attempt.nextAttemptAt,
      delivery.attempt,
      `webhook-${delivery.id}-${delivery.attempt}`,
      attempt.delivered ? 'webhook.delivered' : 'webhook.failed',
      JSON.stringify(historyData(attempt)),
      delivery.jobAttempt,
      delivery.jobStatus,
    ]);
  }
}

function historyData(attempt: DeliveryAttemptRecord): Record<string, unknown> {
  const { delivery } = attempt;
  return {
    deliveryId: delivery.id,
    deliveryAttempt: delivery.attempt,
    jobStatus: delivery.jobStatus,
    url: delivery.url,
    ...(attempt.statusCode === undefined ? {} : { statusCode: attempt.statusCode }),
    ...(attempt.code === undefined
      ? {}
      : { error: { code: attempt.code, message: attempt.message } }),
    ...(attempt.delivered
      ? {}
      : { nextAttemptAt: attempt.nextAttemptAt, final: attempt.nextAttemptAt === null }),
  };
}

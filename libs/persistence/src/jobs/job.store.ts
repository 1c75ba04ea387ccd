import { UUID_PATTERN } from '../shared/uuid';
import { DEDUP_HOLDING_STATES } from '../migrations/job-dedup-keys.migration';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import type {
  AcceptedJob,
  InsertAcceptedResult,
  JobHistoryEntry,
  JobListQuery,
  JobPage,
} from './accepted-job';
import {
  ACCEPTED_ARRAYS,
  ACCEPTED_COLUMNS,
  ACCEPTED_VALUES,
  acceptedParams,
} from './accepted-job-columns';
import { decodeCursor, encodeCursor } from './job-cursor';
import { jobFilterSql } from './job-filter.sql';
import { TENANTS_CTE } from '../shared/tenants.sql';
import {
  JOB_COLUMNS,
  PIPELINE_STEPS_COLUMN,
  STALLED_COLUMN,
  type JobRow,
  type JobView,
  toJobView,
} from './job-view';
import { prepared } from '../shared/prepared-statement';
import { lifeRankSql } from '../events/life-order';

const MAX_PAGE = 1000;

// Entries of one statement tie on both times: the order a job goes through breaks the tie
// before the random id does.
const HISTORY_ORDER = `occurred_at, recorded_at, attempt, ${lifeRankSql('name')}, id`;

// Each statement also records the job's command as unconfirmed (the outbox, one row per job):
// if the process dies before the broker confirms it, the sweeper republishes it.
// No conflict target: a job may lose to the holder of its idempotency key or of its dedup key.
const INSERT_ONE = prepared(`
  WITH job AS (
    INSERT INTO jobs (${ACCEPTED_COLUMNS}, status, attempt)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, 'QUEUED', 1)
    ON CONFLICT DO NOTHING
    RETURNING ${JOB_COLUMNS}
  ), unconfirmed AS (
    INSERT INTO unconfirmed_commands (job_id, message_id) SELECT id, $12 FROM job
  )
  SELECT * FROM job`);

const INSERT_MANY = prepared(`
  WITH job AS (
    INSERT INTO jobs (${ACCEPTED_COLUMNS}, status, attempt)
    SELECT ${ACCEPTED_VALUES}, 'QUEUED', 1
    FROM unnest(${ACCEPTED_ARRAYS}) AS t(${ACCEPTED_COLUMNS})
    ON CONFLICT DO NOTHING
    RETURNING ${JOB_COLUMNS}, idempotency_key
  ), unconfirmed AS (
    INSERT INTO unconfirmed_commands (job_id, message_id)
    SELECT job.id, m.message_id FROM job JOIN unnest($1::uuid[], $12::text[]) AS m(id, message_id)
      ON m.id = job.id
  )
  SELECT * FROM job`);

// Only a job no sweeper has claimed (claimed_at IS NULL) is withdrawn: a claimed one may be on
// the broker already. Nothing may have happened to it either (no history).
const REMOVE_UNPUBLISHED = `
  WITH withdrawn AS (
    DELETE FROM unconfirmed_commands
    WHERE job_id = ANY($1::uuid[]) AND claimed_at IS NULL
    RETURNING job_id
  )
  DELETE FROM jobs j USING withdrawn w
  WHERE j.id = w.job_id AND j.status = 'QUEUED'
    AND NOT EXISTS (SELECT 1 FROM job_events e WHERE e.job_id = j.id)`;

const SELECT_BY_KEYS = `
  SELECT ${JOB_COLUMNS}, idempotency_key FROM jobs
  WHERE (tenant, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

const SELECT_BY_DEDUP_KEYS = `
  SELECT ${JOB_COLUMNS}, idempotency_key FROM jobs
  WHERE (tenant, dedup_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
    AND status IN ${DEDUP_HOLDING_STATES}`;

type JobWithHash = JobView & { readonly requestHash: string | null };

type KeyedRow = JobRow & { readonly idempotency_key: string | null };

const keyOf = (tenant: string, key: string): string => `${tenant}\u0000${key}`;

const holds = (holder: JobView, job: AcceptedJob): boolean =>
  holder.tenant === job.tenant && holder.dedupKey === job.dedupKey;

/** INSERT_ONE's parameters for a job: the accepted columns' single values, then its command id. */
const insertOneParams = (job: AcceptedJob): unknown[] => [
  ...acceptedParams([job]).map((values) => (values as unknown[])[0]),
  job.messageId ?? null,
];

/** Reads and writes the jobs the API accepts, and serves the read model's queries. */
export class JobStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a QUEUED job; a job already holding (tenant, idempotencyKey), or an unfinished one
   * holding (tenant, dedupKey), is returned instead.
   */
  async insertAccepted(job: AcceptedJob): Promise<InsertAcceptedResult> {
    // The holder of a key may be deleted (removeUnpublished) or finish between our statements.
    for (let round = 0; round < 3; round += 1) {
      const { rows } = await runSql<JobRow>(this.dataSource, INSERT_ONE, insertOneParams(job));
      if (rows[0]) return { inserted: true, job: toJobView(rows[0]) };
      const existing = await this.findByKey(job.tenant, job.idempotencyKey ?? '');
      if (existing) return { inserted: false, heldBy: 'idempotencyKey', existing };
      const [holder] = await this.holdersOf([job]);
      if (holder) return { inserted: false, heldBy: 'dedupKey', existing: holder };
    }
    throw new Error(`The keys of job ${job.id} kept changing hands; giving up`);
  }

  /**
   * Inserts many QUEUED jobs in one statement, returned in input order. An element whose `id`
   * differs from the requested one is the job that already held its idempotency key, or the
   * unfinished one that holds its dedup key (also an earlier element of the same call).
   */
  async insertAcceptedMany(jobs: readonly AcceptedJob[]): Promise<JobView[]> {
    if (jobs.length === 0) return [];
    const { rows } = await runSql<KeyedRow>(this.dataSource, INSERT_MANY, [
      ...acceptedParams(jobs),
      jobs.map((j) => j.messageId ?? null),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = jobs.filter((j) => !byId.has(j.id));
    const byKey = new Map<string, KeyedRow>();
    const keyed = missing.filter((j) => j.idempotencyKey !== undefined);
    if (keyed.length > 0) {
      const found = await runSql<KeyedRow>(this.dataSource, SELECT_BY_KEYS, [
        keyed.map((j) => j.tenant),
        keyed.map((j) => j.idempotencyKey),
      ]);
      for (const row of found.rows) byKey.set(keyOf(row.tenant, row.idempotency_key ?? ''), row);
    }
    const byDedupKey = await this.holdersOf(missing.filter((j) => j.idempotencyKey === undefined));
    return jobs.map((j) => {
      const row = byId.get(j.id) ?? byKey.get(keyOf(j.tenant, j.idempotencyKey ?? ''));
      const view = row ? toJobView(row) : byDedupKey.find((h) => holds(h, j));
      if (!view) throw new Error(`Job ${j.id} was neither inserted nor found by its key`);
      return view;
    });
  }

  /** The unfinished jobs holding the dedup keys of these jobs (one statement; none if no key). */
  private async holdersOf(jobs: readonly AcceptedJob[]): Promise<JobWithHash[]> {
    const keyed = jobs.filter((j) => j.dedupKey !== undefined);
    if (keyed.length === 0) return [];
    const { rows } = await runSql<JobRow>(this.dataSource, SELECT_BY_DEDUP_KEYS, [
      keyed.map((j) => j.tenant),
      keyed.map((j) => j.dedupKey),
    ]);
    return rows.map((row) => ({ ...toJobView(row), requestHash: row.request_hash }));
  }

  /**
   * Undoes the inserts of a batch whose publish failed, in one statement: deletes each job only
   * if nothing has happened to it and no sweeper has claimed its command.
   */
  async removeUnpublished(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await runSql(this.dataSource, REMOVE_UNPUBLISHED, [ids]);
  }

  /** The tenant's job, or null (also for another tenant's job or a malformed id). */
  async findById(tenant: string, id: string): Promise<JobView | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const { rows } = await runSql<JobRow>(
      this.dataSource,
      `SELECT ${JOB_COLUMNS}, ${STALLED_COLUMN}, ${PIPELINE_STEPS_COLUMN} FROM jobs
       WHERE id = $1 AND tenant = $2`,
      [id, tenant],
    );
    return rows[0] ? toJobView(rows[0]) : null;
  }

  /** A tenant's jobs (every tenant's for null), newest first, by keyset pagination on (created_at, id). */
  async list(tenant: string | null, query: JobListQuery): Promise<JobPage> {
    const limit = Math.max(1, Math.min(Math.trunc(query.limit) || 1, MAX_PAGE));
    const params: unknown[] = [];
    const where = jobFilterSql(tenant, query, params);
    if (where === null) return { items: [], nextCursor: null };
    // Every tenant's newest: each tenant's through its index, then merged (an id prefix is a
    // range of the primary key already).
    const acrossTenants = tenant === null && query.idPrefix === undefined;
    if (acrossTenants) where.unshift('tenant = t.tenant');
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      const at = params.push(cursor.createdAt);
      where.push(`(created_at, id) < ($${at}::timestamptz, $${params.push(cursor.id)}::uuid)`);
    }
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const page = `SELECT ${JOB_COLUMNS}, ${STALLED_COLUMN} FROM jobs ${condition}
      ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`;
    const sql = acrossTenants
      ? `WITH RECURSIVE ${TENANTS_CTE} SELECT j.* FROM tenants t CROSS JOIN LATERAL (${page}) j
         WHERE t.tenant IS NOT NULL ORDER BY j.created_at DESC, j.id DESC LIMIT ${limit + 1}`
      : page;
    const { rows } = await runSql<JobRow>(this.dataSource, sql, params);
    const items = rows.slice(0, limit).map(toJobView);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  /** The tenant's job's history, oldest first (empty for an unknown job). */
  async history(tenant: string, id: string): Promise<JobHistoryEntry[]> {
    if (!UUID_PATTERN.test(id)) return [];
    const { rows } = await runSql<{
      id: string;
      name: JobHistoryEntry['name'];
      attempt: number;
      data: unknown;
      occurred_at: Date;
    }>(
      this.dataSource,
      `SELECT id, name, attempt, data, occurred_at FROM job_events
       WHERE job_id = $1 AND tenant = $2 ORDER BY ${HISTORY_ORDER}`,
      [id, tenant],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      attempt: r.attempt,
      data: r.data,
      occurredAt: r.occurred_at.toISOString(),
    }));
  }

  /** A round trip to the database, for readiness probes. */
  async ping(): Promise<void> {
    await runSql(this.dataSource, 'SELECT 1');
  }

  private async findByKey(
    tenant: string,
    key: string,
  ): Promise<(JobView & { requestHash: string | null }) | null> {
    const { rows } = await runSql<JobRow>(
      this.dataSource,
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE tenant = $1 AND idempotency_key = $2`,
      [tenant, key],
    );
    return rows[0] ? { ...toJobView(rows[0]), requestHash: rows[0].request_hash } : null;
  }
}

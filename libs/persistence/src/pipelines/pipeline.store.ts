import {
  DEFAULT_PRIORITY,
  PIPELINE_JOB_TYPE,
  type JobState,
  type TraceContext,
} from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { DEDUP_HOLDING_STATES } from '../migrations/job-dedup-keys.migration';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import type { AcceptedJob, InsertAcceptedResult } from '../jobs/accepted-job';
import { JOB_COLUMNS, PIPELINE_STEPS_COLUMN, type JobRow, toJobView } from '../jobs/job-view';

/** One step of a pipeline about to be recorded. */
export interface NewPipelineStep {
  readonly id: string;
  readonly type: string;
  /** The first step's whole input; a later step's own input, completed when its turn comes. */
  readonly input: Record<string, unknown>;
  /** What the step before it feeds (input property -> path into its input or result). */
  readonly feed?: Readonly<Record<string, readonly string[]>>;
  readonly maxAttempts?: number;
}

/** A pipeline about to be recorded: the parent job (type `pipeline`) and its steps. */
export interface NewPipeline {
  /** The parent: its input is the first step's; its retentionMs is always set. */
  readonly parent: Omit<AcceptedJob, 'type' | 'messageId'> & { readonly retentionMs: number };
  readonly steps: readonly NewPipelineStep[];
  /** The retention the steps were submitted with, if any (they are deleted with the parent). */
  readonly stepRetentionMs?: number;
  /** The first step's command id (its outbox row); absent when the pipeline is delayed. */
  readonly messageId?: string;
  /** When a delayed pipeline's first step is due; absent: it is published at once. */
  readonly runAt?: Date;
  /** The first step's command's trace context, kept with every step: each one's continues it. */
  readonly trace?: TraceContext;
}

/** A step as the API's cancellation and retry of its pipeline see it. */
export interface PipelineStepState {
  readonly id: string;
  /** From 1. */
  readonly step: number;
  readonly type: string;
  readonly status: JobState;
  /** PENDING with no due time: waiting for the step before it. */
  readonly waiting: boolean;
}

// One statement: the parent, then (only if it was inserted) its steps and the first step's
// outbox row. No conflict target: the parent may lose to the holder of its idempotency key or
// of its dedup key, and then nothing is recorded.
const INSERT_PIPELINE = `
  WITH parent AS (
    INSERT INTO jobs (id, tenant, type, status, attempt, input, idempotency_key, request_hash,
      dedup_key, priority, retention_ms, callback_url, run_at)
    VALUES ($1, $2, '${PIPELINE_JOB_TYPE}', $3, 1, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT DO NOTHING
    RETURNING ${JOB_COLUMNS}
  ), steps AS (
    INSERT INTO jobs (id, tenant, type, status, attempt, max_attempts, input, priority,
      retention_ms, run_at, pipeline_id, step_index, feed, traceparent, tracestate)
    SELECT s.id, p.tenant, s.type, CASE WHEN s.ord = 1 THEN $3 ELSE 'PENDING' END, 1,
      s.max_attempts, s.input::jsonb, p.priority, $12, CASE WHEN s.ord = 1 THEN $11 END, p.id,
      s.ord - 1, s.feed::jsonb, $19::text, $20::text
    FROM parent p, unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::int[])
      WITH ORDINALITY AS s(id, type, input, feed, max_attempts, ord)
  ), unconfirmed AS (
    INSERT INTO unconfirmed_commands (job_id, message_id)
    SELECT ($13::uuid[])[1], $18::text FROM parent WHERE $18::text IS NOT NULL
  )
  SELECT * FROM parent`;

const SELECT_BY_KEY = `SELECT ${JOB_COLUMNS} FROM jobs WHERE tenant = $1 AND idempotency_key = $2`;

const SELECT_BY_DEDUP_KEY = `
  SELECT ${JOB_COLUMNS} FROM jobs
  WHERE tenant = $1 AND dedup_key = $2 AND status IN ${DEDUP_HOLDING_STATES}`;

const SELECT_STEPS = `
  SELECT id, step_index, type, status, (status = 'PENDING' AND run_at IS NULL) AS waiting
  FROM jobs WHERE pipeline_id = $1 AND tenant = $2 ORDER BY step_index`;

// After a refused publish, once the first step was withdrawn (no sweeper holds its command):
// the parent and the other steps go too, so nothing of the refused submission remains.
const WITHDRAW = `
  DELETE FROM jobs WHERE (id = $1 OR pipeline_id = $1)
    AND NOT EXISTS (SELECT 1 FROM jobs f WHERE f.pipeline_id = $1 AND f.step_index = 0)`;

/** Pipelines: a parent job and its steps, recorded together; the steps move on by trigger. */
export class PipelineStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records the parent and every step in one statement: the first step QUEUED with its outbox
   * row (or PENDING until `runAt`), the others PENDING with no due time until the step before
   * them succeeds. The job already holding the parent's idempotency key, or an unfinished one
   * holding its dedup key, is returned instead, and nothing is recorded.
   */
  async insert(pipeline: NewPipeline): Promise<InsertAcceptedResult> {
    // The holder of a key may be deleted or finish between our statements: try again.
    for (let round = 0; round < 3; round += 1) {
      const { rows } = await runSql<JobRow>(this.dataSource, INSERT_PIPELINE, params(pipeline));
      if (rows[0])
        return { inserted: true, job: (await this.reread(rows[0])) ?? toJobView(rows[0]) };
      const { tenant, idempotencyKey, dedupKey } = pipeline.parent;
      const keyed = await runSql<JobRow>(this.dataSource, SELECT_BY_KEY, [
        tenant,
        idempotencyKey ?? '',
      ]);
      const held = keyed.rows[0];
      if (held) return { inserted: false, heldBy: 'idempotencyKey', existing: withHash(held) };
      const deduped = await runSql<JobRow>(this.dataSource, SELECT_BY_DEDUP_KEY, [
        tenant,
        dedupKey ?? '',
      ]);
      const holder = deduped.rows[0];
      if (holder) return { inserted: false, heldBy: 'dedupKey', existing: withHash(holder) };
    }
    throw new Error(`The keys of pipeline ${pipeline.parent.id} kept changing hands; giving up`);
  }

  /** Removes a pipeline whose first step's unpublished command was withdrawn. */
  async withdraw(pipelineId: string): Promise<void> {
    await runSql(this.dataSource, WITHDRAW, [pipelineId]);
  }

  /** The tenant's pipeline's steps in order (empty for an unknown job or one of another tenant). */
  async steps(tenant: string, pipelineId: string): Promise<PipelineStepState[]> {
    if (!UUID_PATTERN.test(pipelineId)) return [];
    const { rows } = await runSql<{
      id: string;
      step_index: number;
      type: string;
      status: JobState;
      waiting: boolean;
    }>(this.dataSource, SELECT_STEPS, [pipelineId, tenant]);
    return rows.map((r) => ({
      id: r.id,
      step: r.step_index + 1,
      type: r.type,
      status: r.status,
      waiting: r.waiting,
    }));
  }

  /** The new parent with its steps listed, as GET shows it. */
  private async reread(row: JobRow) {
    const { rows } = await runSql<JobRow>(
      this.dataSource,
      `SELECT ${JOB_COLUMNS}, ${PIPELINE_STEPS_COLUMN} FROM jobs WHERE id = $1`,
      [row.id],
    );
    return rows[0] ? toJobView(rows[0]) : null;
  }
}

/** The statement's parameters: the parent's ($1-$11), then the steps' ($12-$20). */
const params = (p: NewPipeline): unknown[] => [...parentParams(p), ...stepParams(p)];

function parentParams(p: NewPipeline): unknown[] {
  const { parent } = p;
  return [
    parent.id,
    parent.tenant,
    p.runAt === undefined ? 'QUEUED' : 'PENDING',
    JSON.stringify(parent.input),
    parent.idempotencyKey ?? null,
    parent.requestHash ?? null,
    parent.dedupKey ?? null,
    parent.priority ?? DEFAULT_PRIORITY,
    parent.retentionMs,
    parent.callbackUrl ?? null,
    p.runAt ?? null,
  ];
}

function stepParams(p: NewPipeline): unknown[] {
  const { steps } = p;
  return [
    p.stepRetentionMs ?? null,
    steps.map((s) => s.id),
    steps.map((s) => s.type),
    steps.map((s) => JSON.stringify(s.input)),
    steps.map((s) => (s.feed === undefined ? null : JSON.stringify(s.feed))),
    steps.map((s) => s.maxAttempts ?? null),
    p.messageId ?? null,
    p.trace?.traceparent ?? null,
    p.trace?.tracestate ?? null,
  ];
}

const withHash = (row: JobRow) => ({ ...toJobView(row), requestHash: row.request_hash });

import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { type HistoryRow, historyRowsOf } from './history-row';
import { foldJobs } from './job-fold';
import type { JobPatch } from './job-patch';
import type { ProjectableMessage } from './projectable-message';
import { PROJECT_BATCH } from './projector.sql';

/** The outcome of projecting one batch. */
export interface ProjectionResult {
  /** Messages recorded for the first time. */
  readonly applied: number;
  /** Messages already recorded (by an earlier batch or earlier in this one): no-ops. */
  readonly duplicates: number;
}

const json = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

/** JOB_RETENTION's default: a finished job is kept for 7 days. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;

/** How the projector dates a finished job's expiry. */
export interface JobProjectorOptions {
  /** JOB_RETENTION in ms: a job's own retention may only be shorter. */
  readonly retentionMs?: number;
}

/** Projects commands' copies and job events into `jobs` and `job_events`, one statement a batch. */
export class JobProjector {
  private readonly retentionMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: JobProjectorOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  /**
   * One statement whatever the batch size: history rows (dedup by message id) and the jobs the
   * new ones touch. Idempotent: replays and reordering are harmless.
   */
  async project(batch: readonly ProjectableMessage[]): Promise<ProjectionResult> {
    if (batch.length === 0) return { applied: 0, duplicates: 0 };
    const rows = historyRowsOf(batch);
    const patches = foldJobs(rows);
    const { rows: result } = await runSql<{ applied: number }>(this.dataSource, PROJECT_BATCH, [
      ...historyParams(rows),
      ...patchParams(patches),
      this.retentionMs,
      patches.map((p) => p.callbackUrl),
    ]);
    const applied = result[0]?.applied ?? 0;
    return { applied, duplicates: batch.length - applied };
  }
}

function historyParams(rows: readonly HistoryRow[]): unknown[] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.jobId),
    rows.map((r) => r.tenant),
    rows.map((r) => r.name),
    rows.map((r) => r.attempt),
    rows.map((r) => JSON.stringify(r.data ?? null)),
    rows.map((r) => r.occurredAt),
  ];
}

function patchParams(patches: readonly JobPatch[]): unknown[] {
  return [
    patches.map((p) => p.id),
    patches.map((p) => p.tenant),
    patches.map((p) => p.type),
    patches.map((p) => p.status),
    patches.map((p) => p.attempt),
    patches.map((p) => p.maxAttempts),
    patches.map((p) => p.priority),
    patches.map((p) => p.progress),
    patches.map((p) => json(p.input)),
    patches.map((p) => json(p.result)),
    patches.map((p) => json(p.error)),
    patches.map((p) => p.errorAttempt),
    patches.map((p) => p.createdAt),
    patches.map((p) => p.startedAt),
    patches.map((p) => p.finishedAt),
    patches.map((p) => p.nextAttemptAt),
    patches.map((p) => p.worker),
    patches.map((p) => p.lastEventAt),
    patches.map((p) => p.retentionMs),
  ];
}

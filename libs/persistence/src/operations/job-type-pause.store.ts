import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import type { JobTypePause } from './worker-instance';

const pauseOf = (type: string, at: Date | null | undefined): JobTypePause => ({
  type,
  paused: at != null,
  pausedAt: at ? at.toISOString() : null,
});

/** Paused job types: kept in PostgreSQL, so a pause outlives restarts and reaches new workers. */
export class JobTypePauseStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The pause state of each given type, in their order. */
  async list(types: readonly string[]): Promise<JobTypePause[]> {
    const { rows } = await runSql<{ job_type: string; paused_at: Date }>(
      this.dataSource,
      'SELECT job_type, paused_at FROM paused_job_types',
    );
    const at = new Map(rows.map((r) => [r.job_type, r.paused_at]));
    return types.map((type) => pauseOf(type, at.get(type)));
  }

  /** Pauses a type (a second pause keeps the first one's time). */
  async pause(type: string): Promise<JobTypePause> {
    const { rows } = await runSql<{ paused_at: Date }>(
      this.dataSource,
      `WITH added AS (
         INSERT INTO paused_job_types (job_type) VALUES ($1) ON CONFLICT DO NOTHING
         RETURNING paused_at)
       SELECT paused_at FROM added UNION ALL
       SELECT paused_at FROM paused_job_types WHERE job_type = $1`,
      [type],
    );
    return pauseOf(type, rows[0]?.paused_at ?? new Date());
  }

  /** Resumes a type (a no-op if it was not paused). */
  async resume(type: string): Promise<JobTypePause> {
    await runSql(this.dataSource, 'DELETE FROM paused_job_types WHERE job_type = $1', [type]);
    return pauseOf(type, null);
  }
}

import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

// Counting stops one past the limit: a backlog far beyond it costs no more than the limit's worth.
const QUEUED_UP_TO = `
  SELECT count(*)::int AS n FROM (
    SELECT 1 FROM jobs WHERE status = 'QUEUED' AND type = $1::text LIMIT $2::int
  ) backlog`;

/** The backlog of each job type: its QUEUED jobs in the read model. */
export class QueueBacklogStore {
  constructor(private readonly dataSource: DataSource) {}

  /** QUEUED jobs of the type, counted up to `atMost` (a larger backlog reads as `atMost`). */
  async queued(type: string, atMost: number): Promise<number> {
    const { rows } = await runSql<{ n: number }>(this.dataSource, QUEUED_UP_TO, [type, atMost]);
    return rows[0]?.n ?? 0;
  }
}

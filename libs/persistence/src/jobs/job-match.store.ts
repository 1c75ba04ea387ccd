import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import type { JobFilter } from './job-filter';
import { jobFilterSql } from './job-filter.sql';

/** A job a bulk action matched: its id and tenant. */
export interface MatchedJob {
  readonly id: string;
  readonly tenant: string;
}

/** Finds the jobs a bulk action is about. */
export class JobMatchStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The jobs matching the filter (one tenant's, or every tenant's for null), oldest first, at
   * most `limit`: ask for one more than a cap to learn that the cap is exceeded.
   */
  async match(tenant: string | null, filter: JobFilter, limit: number): Promise<MatchedJob[]> {
    const params: unknown[] = [];
    const where = jobFilterSql(tenant, filter, params);
    if (where === null) return [];
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const { rows } = await runSql<MatchedJob>(
      this.dataSource,
      `SELECT id, tenant FROM jobs ${condition} ORDER BY created_at, id LIMIT ${Math.trunc(limit)}`,
      params,
    );
    return rows;
  }
}

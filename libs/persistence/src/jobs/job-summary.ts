import { JOB_STATES, type JobState } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** How many of a tenant's jobs are in each state; every state is present, zero or not. */
export interface JobSummary {
  readonly counts: Readonly<Record<JobState, number>>;
  readonly total: number;
}

// One pass over the (tenant, status, created_at, id) index, grouped by its second column.
const COUNT_BY_STATUS = `SELECT status, count(*) AS n FROM jobs WHERE tenant = $1 GROUP BY status`;

/** Counts a tenant's jobs by state, for dashboards and capacity checks. */
export class JobSummaryStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's job counts by state, and their total. */
  async summarize(tenant: string): Promise<JobSummary> {
    const { rows } = await runSql<{ status: JobState; n: string | number }>(
      this.dataSource,
      COUNT_BY_STATUS,
      [tenant],
    );
    const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
      JobState,
      number
    >;
    let total = 0;
    for (const row of rows) {
      // count(*) is a bigint, which node-postgres hands over as a string.
      const n = Number(row.n);
      counts[row.status] = n;
      total += n;
    }
    return { counts, total };
  }
}

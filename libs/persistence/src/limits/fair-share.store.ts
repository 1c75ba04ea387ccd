import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** What a tenant holds of a job type, and the worker slots that run the type. */
export interface FairShareReading {
  /** The tenant's jobs of the type waiting in the broker or running, counted up to `atMost`. */
  readonly unfinished: number;
  /** Slots of the live worker instances that run the type (heartbeat within three periods). */
  readonly slots: number;
}

// PENDING jobs are not counted: they are not in the broker yet. The count stops at `atMost`, so
// a tenant's large backlog costs no more than that many index entries.
const READ = `
  SELECT
    (SELECT count(*)::int FROM (
      SELECT 1 FROM jobs WHERE tenant = $1::text AND type = $2::text
        AND status IN ('QUEUED', 'RUNNING', 'RETRYING')
      LIMIT $3::int
    ) held) AS unfinished,
    (SELECT coalesce(sum(slots), 0)::int FROM worker_instances
      WHERE $2::text = ANY(job_types)
        AND last_heartbeat_at >= now() - 3 * heartbeat_ms * interval '1 millisecond') AS slots`;

/** Reads what fair sharing between tenants decides by (README, "Fair sharing between tenants"). */
export class FairShareStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's unfinished jobs of the type (up to `atMost`) and the type's live worker slots. */
  async read(tenant: string, type: string, atMost: number): Promise<FairShareReading> {
    const { rows } = await runSql<FairShareReading>(this.dataSource, READ, [tenant, type, atMost]);
    return rows[0] ?? { unfinished: 0, slots: 0 };
  }
}

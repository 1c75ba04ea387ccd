import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import type { WorkerHeartbeat, WorkerInstanceView } from './worker-instance';

/** Rows not refreshed for this long are deleted by the next heartbeat of any instance. */
export const WORKER_ROW_TTL_MINUTES = 60;

// One statement a beat: the row's upsert, the hour-old rows' removal, and the paused job types
// (which the worker obeys), so pausing needs no other channel to reach the workers.
const BEAT = `
  WITH beat AS (
    INSERT INTO worker_instances
      (instance, service, job_types, slots, in_flight, heartbeat_ms, started_at, last_heartbeat_at)
    VALUES ($1, $2, $3::text[], $4, $5, $6, $7, now())
    ON CONFLICT (instance) DO UPDATE SET service = EXCLUDED.service,
      job_types = EXCLUDED.job_types, slots = EXCLUDED.slots, in_flight = EXCLUDED.in_flight,
      heartbeat_ms = EXCLUDED.heartbeat_ms, started_at = EXCLUDED.started_at,
      last_heartbeat_at = now()
  ), gone AS (
    DELETE FROM worker_instances
    WHERE last_heartbeat_at < now() - interval '${WORKER_ROW_TTL_MINUTES} minutes'
  )
  SELECT job_type FROM paused_job_types`;

const LIST = `
  SELECT instance, service, job_types, slots, in_flight, started_at, last_heartbeat_at,
    last_heartbeat_at < now() - 3 * heartbeat_ms * interval '1 millisecond' AS stale
  FROM worker_instances
  WHERE last_heartbeat_at >= now() - interval '${WORKER_ROW_TTL_MINUTES} minutes'
  ORDER BY service, instance`;

interface InstanceRow {
  instance: string;
  service: string;
  job_types: string[];
  slots: number;
  in_flight: number;
  started_at: Date;
  last_heartbeat_at: Date;
  stale: boolean;
}

/** Worker heartbeats: each instance's row, and the list the operations API shows. */
export class WorkerInstanceStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a heartbeat; answers the job types paused now. */
  async beat(beat: WorkerHeartbeat): Promise<Set<string>> {
    const { rows } = await runSql<{ job_type: string }>(this.dataSource, BEAT, [
      beat.instance,
      beat.service,
      [...beat.jobTypes],
      beat.slots,
      beat.inFlight,
      beat.heartbeatMs,
      beat.startedAt,
    ]);
    return new Set(rows.map((r) => r.job_type));
  }

  /** Removes an instance's row (on an orderly shutdown). */
  async remove(instance: string): Promise<void> {
    await runSql(this.dataSource, 'DELETE FROM worker_instances WHERE instance = $1', [instance]);
  }

  /** Every instance heard from within the hour, by service and name. */
  async list(): Promise<WorkerInstanceView[]> {
    const { rows } = await runSql<InstanceRow>(this.dataSource, LIST);
    return rows.map((r) => ({
      instance: r.instance,
      service: r.service,
      jobTypes: r.job_types,
      slots: r.slots,
      inFlight: r.in_flight,
      startedAt: r.started_at.toISOString(),
      lastHeartbeatAt: r.last_heartbeat_at.toISOString(),
      stale: r.stale,
    }));
  }
}

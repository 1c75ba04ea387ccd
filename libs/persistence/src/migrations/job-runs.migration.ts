import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // One row per job: who runs it now (lease + fencing token) and, once decided, its one outcome
  // with the exact terminal event, so a redelivery republishes it instead of recomputing.
  `CREATE TABLE job_runs (
     job_id uuid PRIMARY KEY,
     tenant text NOT NULL,
     attempt int NOT NULL DEFAULT 0,
     message_id text NULL,
     worker text NULL,
     fence bigint NOT NULL DEFAULT 0,
     lease_until timestamptz(3) NULL,
     retried_attempt int NOT NULL DEFAULT 0,
     outcome text NULL CHECK (outcome IN ('succeeded', 'failed', 'cancelled')),
     outcome_event jsonb NULL,
     decided_at timestamptz(3) NULL,
     updated_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX job_runs_open_lease_idx ON job_runs (lease_until)
     WHERE outcome IS NULL AND lease_until IS NOT NULL`,
];

/** The workers' inbox and lease table (`job_runs`): effectively-once outcomes, cancellation, stall detection. */
export class JobRuns1767312000000 implements MigrationInterface {
  name = 'JobRuns1767312000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS job_runs');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `job_runs.started_id` and `started_at`: the attempt's job.started, recorded with its outcome
 * (the rest of that event is the outcome's own envelope, its job type and the run's worker). A
 * short job's start goes out with its outcome, after the record: if the worker dies before the
 * broker confirms it, the redelivery republishes both (same ids) instead of the outcome alone.
 */
export class JobRunStartedEvent1767400900000 implements MigrationInterface {
  name = 'JobRunStartedEvent1767400900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE job_runs ADD COLUMN started_id uuid NULL, ADD COLUMN started_at timestamptz(3) NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE job_runs DROP COLUMN IF EXISTS started_id, DROP COLUMN IF EXISTS started_at',
    );
  }
}

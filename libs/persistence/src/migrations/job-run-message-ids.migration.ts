import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // Every command id that has claimed the job: a copy of one of them is a duplicate delivery,
  // any other command naming the job while it is in flight reuses its id (JOB_ID_IN_USE).
  `ALTER TABLE job_runs ADD COLUMN message_ids text[] NOT NULL DEFAULT '{}'`,
  `UPDATE job_runs SET message_ids = ARRAY[message_id] WHERE message_id IS NOT NULL`,
];

/** `job_runs.message_ids`: tells a redelivered command from a new one reusing its job id. */
export class JobRunMessageIds1767398700000 implements MigrationInterface {
  name = 'JobRunMessageIds1767398700000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE job_runs DROP COLUMN IF EXISTS message_ids');
  }
}

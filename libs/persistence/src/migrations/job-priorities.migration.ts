import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // NULL until known: a row made from events alone learns it from its command's copy.
  `ALTER TABLE jobs ADD COLUMN priority text NULL`,
  `ALTER TABLE jobs ADD CONSTRAINT jobs_priority_ck
     CHECK (priority IS NULL OR priority IN ('high', 'normal', 'low'))`,
];

/** `jobs.priority`: the job's priority, so a republish or a retry goes to its lane again. */
export class JobPriorities1767400400000 implements MigrationInterface {
  name = 'JobPriorities1767400400000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE jobs DROP COLUMN IF EXISTS priority');
  }
}

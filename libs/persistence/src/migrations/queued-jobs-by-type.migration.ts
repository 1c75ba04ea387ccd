import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An index of QUEUED jobs by type: the backlog QUEUE_LIMITS holds submissions to. */
export class QueuedJobsByType1767400020000 implements MigrationInterface {
  name = 'QueuedJobsByType1767400020000';

  async up(runner: QueryRunner): Promise<void> {
    // Partial: a job leaves it as it starts, so it stays the size of the backlog.
    await runner.query(`CREATE INDEX jobs_queued_type_idx ON jobs (type) WHERE status = 'QUEUED'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS jobs_queued_type_idx');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // The submission's own retention (NULL: the status service's JOB_RETENTION), and when the
  // finished job goes: set by the projection's existing upsert as the job finishes, so the
  // per-event cost stays one expression, and cleared by a manual retry.
  `ALTER TABLE jobs ADD COLUMN retention_ms bigint NULL CHECK (retention_ms > 0)`,
  `ALTER TABLE jobs ADD COLUMN expires_at timestamptz(3) NULL`,
  // The retention sweeper's only access path: the oldest expired jobs first, finished ones only.
  `CREATE INDEX jobs_expires_at_idx ON jobs (expires_at) WHERE expires_at IS NOT NULL`,
];

/** `jobs.retention_ms` and `jobs.expires_at`: finished jobs are deleted once they expire. */
export class JobRetention1767400300000 implements MigrationInterface {
  name = 'JobRetention1767400300000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS jobs_expires_at_idx');
    await runner.query('ALTER TABLE jobs DROP COLUMN IF EXISTS expires_at');
    await runner.query('ALTER TABLE jobs DROP COLUMN IF EXISTS retention_ms');
  }
}

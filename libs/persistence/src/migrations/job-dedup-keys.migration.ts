import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The states in which a job holds its dedup key: until it has its outcome. */
export const DEDUP_HOLDING_STATES = `('PENDING','QUEUED','RUNNING','RETRYING')`;

const UP = [
  `ALTER TABLE jobs ADD COLUMN dedup_key text NULL`,
  // Partial: a finished job frees its key, and jobs without one cost the index nothing.
  `CREATE UNIQUE INDEX jobs_tenant_dedup_key_uq ON jobs (tenant, dedup_key)
     WHERE dedup_key IS NOT NULL AND status IN ${DEDUP_HOLDING_STATES}`,
];

/** `jobs.dedup_key`: one unfinished job per tenant and key. */
export class JobDedupKeys1767400000000 implements MigrationInterface {
  name = 'JobDedupKeys1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS jobs_tenant_dedup_key_uq');
    await runner.query('ALTER TABLE jobs DROP COLUMN IF EXISTS dedup_key');
  }
}

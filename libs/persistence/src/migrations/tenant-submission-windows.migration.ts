import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `tenant_submission_windows`: jobs each tenant submitted in the current minute (TENANT_LIMITS). */
export class TenantSubmissionWindows1767400010000 implements MigrationInterface {
  name = 'TenantSubmissionWindows1767400010000';

  async up(runner: QueryRunner): Promise<void> {
    // One row per tenant, rewritten when the minute changes: nothing to clean up.
    await runner.query(`CREATE TABLE tenant_submission_windows (
      tenant text PRIMARY KEY,
      window_start timestamptz NOT NULL,
      submitted int NOT NULL CHECK (submitted >= 0)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS tenant_submission_windows');
  }
}

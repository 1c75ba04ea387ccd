import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `batch_submissions`: which jobs an Idempotency-Key on `POST /v1/jobs/batch` gave, by request hash. */
export class BatchSubmissions1767398400000 implements MigrationInterface {
  name = 'BatchSubmissions1767398400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE batch_submissions (
       tenant text NOT NULL,
       idempotency_key text NOT NULL,
       request_hash text NOT NULL,
       job_ids uuid[] NOT NULL,
       created_at timestamptz(3) NOT NULL DEFAULT now(),
       PRIMARY KEY (tenant, idempotency_key)
     )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS batch_submissions');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const TERMINAL = `('SUCCEEDED', 'FAILED', 'CANCELLED')`;

const UP = [
  `ALTER TABLE jobs ADD COLUMN callback_url text NULL`,
  // One delivery per terminal state a job reaches (a retried FAILED job that later SUCCEEDS
  // gets another one), keyed by it: no surrogate id, one index fewer to write on the projection's
  // path. The deliverer claims due PENDING rows with FOR UPDATE SKIP LOCKED.
  `CREATE TABLE webhook_deliveries (
     job_id uuid NOT NULL,
     tenant text NOT NULL,
     job_attempt int NOT NULL,
     job_status text NOT NULL,
     url text NOT NULL,
     state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
     attempts int NOT NULL DEFAULT 0,
     due_at timestamptz(3) NOT NULL DEFAULT now(),
     body text NULL,
     created_at timestamptz(3) NOT NULL DEFAULT now(),
     updated_at timestamptz(3) NOT NULL DEFAULT now(),
     PRIMARY KEY (job_id, job_attempt, job_status)
   )`,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (due_at) WHERE state = 'PENDING'`,
  // A trigger, so that every path to a terminal state (projection, cancellation by the API,
  // rejections) schedules its delivery in the same statement; the WHEN clause keeps jobs
  // without a callback_url (the hot path) to one cheap test per written row.
  `CREATE FUNCTION schedule_webhook_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO webhook_deliveries (job_id, tenant, job_attempt, job_status, url)
       VALUES (NEW.id, NEW.tenant, NEW.attempt, NEW.status, NEW.callback_url)
       ON CONFLICT (job_id, job_attempt, job_status) DO NOTHING;
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER jobs_schedule_webhook AFTER INSERT OR UPDATE ON jobs FOR EACH ROW
     WHEN (NEW.callback_url IS NOT NULL AND NEW.status IN ${TERMINAL})
     EXECUTE FUNCTION schedule_webhook_delivery()`,
  // Secrets rotated through the admin API; the newest of a tenant signs (WEBHOOK_SECRETS is
  // only the fallback). Kept in clear: an HMAC key cannot be hashed.
  `CREATE TABLE webhook_secrets (
     tenant text NOT NULL,
     secret text NOT NULL,
     created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp(),
     PRIMARY KEY (tenant, created_at)
   )`,
];

const DOWN = [
  'DROP TABLE IF EXISTS webhook_secrets',
  'DROP TRIGGER IF EXISTS jobs_schedule_webhook ON jobs',
  'DROP FUNCTION IF EXISTS schedule_webhook_delivery()',
  'DROP TABLE IF EXISTS webhook_deliveries',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS callback_url',
];

/** Webhooks: `jobs.callback_url`, `webhook_deliveries` (scheduled by trigger), `webhook_secrets`. */
export class Webhooks1767400200000 implements MigrationInterface {
  name = 'Webhooks1767400200000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

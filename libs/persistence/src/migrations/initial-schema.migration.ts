import type { MigrationInterface, QueryRunner } from 'typeorm';

// Millisecond precision (timestamptz(3)) so that a JavaScript Date round-trips exactly: the
// list cursor carries created_at and must compare equal to the stored value.
const UP = [
  `CREATE OR REPLACE FUNCTION job_state_rank(state text) RETURNS int
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT CASE state
         WHEN 'PENDING' THEN 0 WHEN 'QUEUED' THEN 1 WHEN 'RUNNING' THEN 2 WHEN 'RETRYING' THEN 3
         ELSE 4 END $$`,
  `CREATE TABLE jobs (
     id uuid PRIMARY KEY,
     tenant text NOT NULL,
     type text NOT NULL,
     status text NOT NULL CHECK (status IN
       ('PENDING','QUEUED','RUNNING','RETRYING','SUCCEEDED','FAILED','CANCELLED')),
     attempt int NOT NULL DEFAULT 1,
     max_attempts int NULL,
     progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
     input jsonb NULL,
     result jsonb NULL,
     error jsonb NULL,
     error_attempt int NULL,
     idempotency_key text NULL,
     request_hash text NULL,
     created_at timestamptz(3) NOT NULL DEFAULT now(),
     updated_at timestamptz(3) NOT NULL DEFAULT now(),
     started_at timestamptz(3) NULL,
     finished_at timestamptz(3) NULL,
     next_attempt_at timestamptz(3) NULL,
     worker text NULL,
     last_event_at timestamptz(3) NULL
   )`,
  `CREATE UNIQUE INDEX jobs_tenant_idempotency_key_uq ON jobs (tenant, idempotency_key)
     WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX jobs_tenant_created_idx ON jobs (tenant, created_at DESC, id DESC)`,
  `CREATE INDEX jobs_tenant_status_created_idx ON jobs (tenant, status, created_at DESC, id DESC)`,
  `CREATE INDEX jobs_tenant_type_created_idx ON jobs (tenant, type, created_at DESC, id DESC)`,
  `CREATE TABLE job_events (
     id text PRIMARY KEY,
     job_id uuid NOT NULL,
     tenant text NOT NULL,
     name text NOT NULL,
     attempt int NOT NULL,
     data jsonb NOT NULL,
     occurred_at timestamptz(3) NOT NULL,
     recorded_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX job_events_job_occurred_idx ON job_events (job_id, occurred_at)`,
  `CREATE TABLE uploads (
     id uuid PRIMARY KEY,
     tenant text NOT NULL,
     size bigint NOT NULL CHECK (size >= 0),
     sha256 text NOT NULL,
     content_type text NOT NULL,
     filename text NULL,
     created_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
];

const DOWN = [
  'DROP TABLE IF EXISTS uploads',
  'DROP TABLE IF EXISTS job_events',
  'DROP TABLE IF EXISTS jobs',
  'DROP FUNCTION IF EXISTS job_state_rank(text)',
];

/** The first schema: jobs (current state), job_events (history, dedup by event id), uploads. */
export class InitialSchema1767225600000 implements MigrationInterface {
  name = 'InitialSchema1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

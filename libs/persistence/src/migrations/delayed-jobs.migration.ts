import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // A delayed job waits PENDING with its due time; a schedule's run names its schedule.
  `ALTER TABLE jobs ADD COLUMN run_at timestamptz(3) NULL`,
  `ALTER TABLE jobs ADD COLUMN schedule_id uuid NULL`,
  // The dispatcher's one query: only the due-time order of jobs still waiting, so it stays tiny.
  `CREATE INDEX jobs_pending_run_at_idx ON jobs (run_at) WHERE status = 'PENDING'`,
  `CREATE INDEX jobs_tenant_schedule_created_idx ON jobs (tenant, schedule_id, created_at DESC, id DESC)
     WHERE schedule_id IS NOT NULL`,
  `CREATE TABLE schedules (
     id uuid PRIMARY KEY,
     tenant text NOT NULL,
     cron text NOT NULL,
     timezone text NOT NULL,
     job jsonb NOT NULL,
     next_run_at timestamptz(3) NULL,
     last_run_at timestamptz(3) NULL,
     last_job_id uuid NULL,
     created_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX schedules_next_run_idx ON schedules (next_run_at) WHERE next_run_at IS NOT NULL`,
  `CREATE INDEX schedules_tenant_created_idx ON schedules (tenant, created_at DESC, id DESC)`,
];

const DOWN = [
  'DROP TABLE IF EXISTS schedules',
  'DROP INDEX IF EXISTS jobs_tenant_schedule_created_idx',
  'DROP INDEX IF EXISTS jobs_pending_run_at_idx',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS schedule_id',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS run_at',
];

/** `jobs.run_at`, `jobs.schedule_id` and `schedules`: delayed and recurring jobs. */
export class DelayedJobs1767400100000 implements MigrationInterface {
  name = 'DelayedJobs1767400100000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // One row per worker instance, upserted by its heartbeat (one statement every few seconds, none
  // per job); the same statement deletes rows silent for an hour.
  `CREATE TABLE worker_instances (
     instance text PRIMARY KEY,
     service text NOT NULL,
     job_types text[] NOT NULL,
     slots int NOT NULL,
     in_flight int NOT NULL,
     heartbeat_ms int NOT NULL,
     started_at timestamptz(3) NOT NULL,
     last_heartbeat_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
  // A row while a job type is paused; every worker's heartbeat reads the (tiny) table.
  `CREATE TABLE paused_job_types (
     job_type text PRIMARY KEY,
     paused_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
];

const DOWN = ['DROP TABLE IF EXISTS paused_job_types', 'DROP TABLE IF EXISTS worker_instances'];

/** Operations: `worker_instances` (heartbeats) and `paused_job_types` (paused job types). */
export class WorkerInstances1767400610000 implements MigrationInterface {
  name = 'WorkerInstances1767400610000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}

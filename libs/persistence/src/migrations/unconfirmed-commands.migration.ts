import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // The API's outbox: one row per accepted job whose command the broker has not confirmed yet.
  // Written in the job's own INSERT and deleted once per confirmed batch, so it stays small; a
  // row left behind (the API died between the two) is republished by the sweeper.
  `CREATE TABLE unconfirmed_commands (
     job_id uuid PRIMARY KEY,
     recorded_at timestamptz(3) NOT NULL DEFAULT now(),
     claimed_at timestamptz(3) NULL,
     claims int NOT NULL DEFAULT 0
   )`,
];

/** `unconfirmed_commands`: closes the gap between recording a job and publishing its command. */
export class UnconfirmedCommands1767398600000 implements MigrationInterface {
  name = 'UnconfirmedCommands1767398600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS unconfirmed_commands');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // What the sweeper needs to republish the very command a crash left unconfirmed: its attempt
  // (a manual retry's is above 1) and its id, so the workers see a copy, not a new command.
  `ALTER TABLE unconfirmed_commands ADD COLUMN attempt int NOT NULL DEFAULT 1`,
  `ALTER TABLE unconfirmed_commands ADD COLUMN message_id text NULL`,
];

/** `unconfirmed_commands.attempt` and `.message_id`: manual retries go through the outbox too. */
export class UnconfirmedCommandAttempts1767398800000 implements MigrationInterface {
  name = 'UnconfirmedCommandAttempts1767398800000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE unconfirmed_commands DROP COLUMN IF EXISTS message_id');
    await runner.query('ALTER TABLE unconfirmed_commands DROP COLUMN IF EXISTS attempt');
  }
}

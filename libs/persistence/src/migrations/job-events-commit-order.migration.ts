import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * job_events.tx_id: the transaction that recorded each event, so that live streams can read the
 * events committed since a snapshot (commit order), whatever their timestamps or ids.
 */
export class JobEventsCommitOrder1767400500000 implements MigrationInterface {
  name = 'JobEventsCommitOrder1767400500000';

  async up(runner: QueryRunner): Promise<void> {
    // Added empty, then defaulted: a volatile default in ADD COLUMN would rewrite the table.
    // Rows recorded before it keep NULL: they are history, never "new since a snapshot".
    await runner.query('ALTER TABLE job_events ADD COLUMN tx_id xid8 NULL');
    await runner.query(
      'ALTER TABLE job_events ALTER COLUMN tx_id SET DEFAULT pg_current_xact_id()',
    );
    await runner.query(
      'CREATE INDEX job_events_tx_idx ON job_events (tx_id) WHERE tx_id IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS job_events_tx_idx');
    await runner.query('ALTER TABLE job_events DROP COLUMN IF EXISTS tx_id');
  }
}

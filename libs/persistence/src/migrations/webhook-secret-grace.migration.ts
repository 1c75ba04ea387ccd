import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `webhook_secrets.previous_signs_until`: after a rotation the secret it replaced keeps signing
 * beside the new one until then, so receivers can switch without rejecting a delivery.
 */
export class WebhookSecretGrace1767400700000 implements MigrationInterface {
  name = 'WebhookSecretGrace1767400700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE webhook_secrets ADD COLUMN previous_signs_until timestamptz(3) NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE webhook_secrets DROP COLUMN IF EXISTS previous_signs_until');
  }
}

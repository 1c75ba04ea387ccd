import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** A tenant's webhook secret as rotation returns it: the only time it is shown. */
export interface IssuedWebhookSecret {
  readonly tenant: string;
  readonly secret: string;
  readonly createdAt: string;
}

/** Webhook signing secrets rotated through the admin API: the newest of a tenant signs. */
export class WebhookSecretStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Makes and stores a new secret for the tenant (256 random bits); older ones stop signing. */
  async rotate(tenant: string): Promise<IssuedWebhookSecret> {
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const { rows } = await runSql<{ created_at: Date }>(
      this.dataSource,
      'INSERT INTO webhook_secrets (tenant, secret) VALUES ($1, $2) RETURNING created_at',
      [tenant, secret],
    );
    return {
      tenant,
      secret,
      createdAt: (rows[0] as { created_at: Date }).created_at.toISOString(),
    };
  }

  /** Each tenant's newest stored secret (tenants without one are absent). */
  async newest(tenants: readonly string[]): Promise<Map<string, string>> {
    if (tenants.length === 0) return new Map();
    const { rows } = await runSql<{ tenant: string; secret: string }>(
      this.dataSource,
      `SELECT DISTINCT ON (tenant) tenant, secret FROM webhook_secrets
       WHERE tenant = ANY($1::text[]) ORDER BY tenant, created_at DESC`,
      [tenants],
    );
    return new Map(rows.map((r) => [r.tenant, r.secret]));
  }
}

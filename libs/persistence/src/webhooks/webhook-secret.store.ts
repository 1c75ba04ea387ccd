import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** A tenant's webhook secret as rotation returns it: the only time it is shown. */
export interface IssuedWebhookSecret {
  readonly tenant: string;
  readonly secret: string;
  readonly createdAt: string;
  /** Until when the secret this one replaced still signs beside it (null: not at all). */
  readonly previousSignsUntil: string | null;
}

/** The secrets that sign a tenant's deliveries now, newest first. */
export interface SigningSecrets {
  readonly newest: string;
  /** The secret the newest replaced, within its grace: null when none is stored (it may be WEBHOOK_SECRETS'). */
  readonly previous: string | null;
  /** Whether the replaced secret still signs. */
  readonly inGrace: boolean;
}

interface Row {
  readonly tenant: string;
  readonly secret: string;
  readonly n: string;
  readonly in_grace: boolean;
}

// Each tenant's two newest secrets; the newest says whether the other still signs.
const NEWEST_TWO = `
  SELECT tenant, secret, n, in_grace FROM (
    SELECT tenant, secret, COALESCE(previous_signs_until > now(), false) AS in_grace,
      row_number() OVER (PARTITION BY tenant ORDER BY created_at DESC) AS n
    FROM webhook_secrets WHERE tenant = ANY($1::text[])
  ) s WHERE n <= 2`;

/** Webhook signing secrets rotated through the admin API: the newest of a tenant signs. */
export class WebhookSecretStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes and stores a new secret for the tenant (256 random bits). The one it replaces keeps
   * signing beside it for `graceSeconds`, then stops.
   */
  async rotate(tenant: string, graceSeconds = 0): Promise<IssuedWebhookSecret> {
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const { rows } = await runSql<{ created_at: Date; previous_signs_until: Date | null }>(
      this.dataSource,
      `INSERT INTO webhook_secrets (tenant, secret, previous_signs_until)
       VALUES ($1, $2, CASE WHEN $3::int > 0 THEN clock_timestamp() + $3::int * interval '1 second' END)
       RETURNING created_at, previous_signs_until`,
      [tenant, secret, graceSeconds],
    );
    const row = rows[0] as { created_at: Date; previous_signs_until: Date | null };
    return {
      tenant,
      secret,
      createdAt: row.created_at.toISOString(),
      previousSignsUntil: row.previous_signs_until?.toISOString() ?? null,
    };
  }

  /** Each tenant's signing secrets (tenants without a stored one are absent). */
  async signing(tenants: readonly string[]): Promise<Map<string, SigningSecrets>> {
    if (tenants.length === 0) return new Map();
    const { rows } = await runSql<Row>(this.dataSource, NEWEST_TWO, [tenants]);
    const found = new Map<string, SigningSecrets>();
    for (const r of rows.filter((row) => Number(row.n) === 1))
      found.set(r.tenant, { newest: r.secret, previous: null, inGrace: r.in_grace });
    for (const r of rows.filter((row) => Number(row.n) === 2)) {
      const newest = found.get(r.tenant);
      if (newest) found.set(r.tenant, { ...newest, previous: r.secret });
    }
    return found;
  }
}

import type { DataSource } from 'typeorm';
import { runSql, type SqlExecutor } from '../shared/run-sql';
import type { ApiKeyCredential, ApiKeyRecord, ApiKeyScope, NewApiKey } from './api-key-record';

interface ApiKeyRow {
  readonly id: string;
  readonly tenant: string;
  readonly name: string | null;
  readonly scopes: ApiKeyScope[];
  readonly rate_limit_per_minute: number;
  readonly created_at: Date;
  readonly expires_at: Date | null;
  readonly revoked_at: Date | null;
  readonly rotated_to: string | null;
  readonly secret_hash?: string;
}

const COLUMNS =
  'id, tenant, name, scopes, rate_limit_per_minute, created_at, expires_at, revoked_at, rotated_to';
const USABLE = 'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    scopes: row.scopes,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    rotatedTo: row.rotated_to,
  };
}

async function insertKey(executor: SqlExecutor, key: NewApiKey): Promise<ApiKeyRecord> {
  const { rows } = await runSql<ApiKeyRow>(
    executor,
    `INSERT INTO api_keys (id, tenant, name, scopes, rate_limit_per_minute, secret_hash)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${COLUMNS}`,
    [key.id, key.tenant, key.name ?? null, key.scopes, key.rateLimitPerMinute, key.secretHash],
  );
  return toRecord(rows[0] as ApiKeyRow);
}

/** The API keys of `api_keys`: created, found by id, rotated and revoked; secrets only hashed. */
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new key (its id is fresh: a conflict is a bug and throws). */
  insert(key: NewApiKey): Promise<ApiKeyRecord> {
    return insertKey(this.dataSource, key);
  }

  /** The key with this id if it may still be used (not revoked, not expired), with its hash. */
  async findUsable(id: string): Promise<ApiKeyCredential | null> {
    const { rows } = await runSql<ApiKeyRow & { secret_hash: string }>(
      this.dataSource,
      `SELECT ${COLUMNS}, secret_hash FROM api_keys WHERE id = $1 AND ${USABLE}`,
      [id],
    );
    const row = rows[0];
    return row ? { ...toRecord(row), secretHash: row.secret_hash } : null;
  }

  /** Every key, or a tenant's, newest first; revoked and expired ones too. */
  async list(tenant?: string): Promise<ApiKeyRecord[]> {
    const { rows } = await runSql<ApiKeyRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM api_keys WHERE $1::text IS NULL OR tenant = $1
       ORDER BY created_at DESC, id LIMIT 1000`,
      [tenant ?? null],
    );
    return rows.map(toRecord);
  }

  /**
   * Replaces a usable key by `next` (same tenant, name, scopes and limit): the old one keeps
   * working for `graceSeconds`. Null when there is no usable key with that id.
   */
  async rotate(
    id: string,
    next: Pick<NewApiKey, 'id' | 'secretHash'>,
    graceSeconds: number,
  ): Promise<ApiKeyRecord | null> {
    return this.dataSource.transaction(async (tx) => {
      const old = await runSql<ApiKeyRow>(
        tx,
        `UPDATE api_keys SET expires_at = LEAST(coalesce(expires_at, 'infinity'),
           now() + make_interval(secs => $3)), rotated_to = $2
         WHERE id = $1 AND ${USABLE} AND rotated_to IS NULL RETURNING ${COLUMNS}`,
        [id, next.id, graceSeconds],
      );
      const prior = old.rows[0];
      if (!prior) return null;
      return insertKey(tx, {
        id: next.id,
        tenant: prior.tenant,
        ...(prior.name === null ? {} : { name: prior.name }),
        scopes: prior.scopes,
        rateLimitPerMinute: prior.rate_limit_per_minute,
        secretHash: next.secretHash,
      });
    });
  }

  /** Revokes a key at once; false if there is no such key or it was revoked already. */
  async revoke(id: string): Promise<boolean> {
    const { affected } = await runSql(
      this.dataSource,
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    return affected > 0;
  }
}

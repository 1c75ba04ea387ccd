import type { MigrationInterface, QueryRunner } from 'typeorm';

const UP = [
  // Only the SHA-256 of a key is kept; `id` is the key's public prefix, used to find its row.
  `CREATE TABLE api_keys (
     id text PRIMARY KEY,
     tenant text NOT NULL,
     name text NULL,
     scopes text[] NOT NULL
       CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'read', 'admin']::text[]),
     secret_hash text NOT NULL,
     rate_limit_per_minute int NOT NULL DEFAULT 0 CHECK (rate_limit_per_minute >= 0),
     created_at timestamptz(3) NOT NULL DEFAULT now(),
     expires_at timestamptz(3) NULL,
     revoked_at timestamptz(3) NULL,
     rotated_to text NULL
   )`,
  `CREATE INDEX api_keys_tenant_created_idx ON api_keys (tenant, created_at DESC)`,
];

/** `api_keys`: the API keys created through the admin endpoints, stored hashed. */
export class ApiKeys1767398500000 implements MigrationInterface {
  name = 'ApiKeys1767398500000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS api_keys');
  }
}

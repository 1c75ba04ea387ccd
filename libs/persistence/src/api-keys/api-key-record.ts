/** What a key may do: submit (uploads, jobs, cancel, retry), read (jobs, events), admin. */
export const API_KEY_SCOPES = ['submit', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A stored API key as an administrator sees it: never its secret, nor the secret's hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly tenant: string;
  readonly name: string | null;
  readonly scopes: readonly ApiKeyScope[];
  /** Requests per minute; 0 means no limit. */
  readonly rateLimitPerMinute: number;
  readonly createdAt: string;
  /** Set by a rotation: the key works until then. */
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  /** The key that replaced this one. */
  readonly rotatedTo: string | null;
}

/** A key to store: its id, owner, scopes, limit and the SHA-256 (hex) of the whole key. */
export interface NewApiKey {
  readonly id: string;
  readonly tenant: string;
  readonly name?: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly rateLimitPerMinute: number;
  readonly secretHash: string;
}

/** A usable key's record with the hash its secret must match. */
export interface ApiKeyCredential extends ApiKeyRecord {
  readonly secretHash: string;
}

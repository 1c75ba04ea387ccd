import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyStore, type ApiKeyCredential, type ApiKeyScope } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { apiKeyIdOf, hashApiKey, matchesHash } from './api-key.secret';

/** Who a request's key belongs to, what it may do and how often. */
export interface ApiPrincipal {
  /** The stored key's id; absent for an environment key. */
  readonly keyId?: string;
  /** The key's tenant; empty for an ADMIN_API_KEYS key that is no tenant's. */
  readonly tenant: string;
  readonly scopes: ReadonlySet<ApiKeyScope>;
  /** Requests per minute; 0 is unlimited (environment keys are). */
  readonly rateLimitPerMinute: number;
}

/** A stored key read this recently is trusted without another query (revocation elsewhere lags by it). */
const CACHE_MS = 5_000;
const TENANT_SCOPES: readonly ApiKeyScope[] = ['submit', 'read'];

/**
 * Resolves a presented key: first the environment's development keys (API_KEYS, ADMIN_API_KEYS,
 * held as SHA-256 hashes), then the stored keys, found by their id prefix and compared by hash
 * in constant time. Undefined for a key nobody knows.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly envKeys = new Map<string, ApiPrincipal>();
  private readonly cache = new Map<
    string,
    { credential: ApiKeyCredential | null; until: number }
  >();

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly store: ApiKeyStore,
  ) {
    for (const [key, tenant] of config.apiKeys)
      this.envKeys.set(hashApiKey(key), envPrincipal(tenant, TENANT_SCOPES));
    for (const key of config.adminKeys) {
      const known = this.envKeys.get(hashApiKey(key));
      const scopes: ApiKeyScope[] = [...(known?.scopes ?? []), 'admin'];
      this.envKeys.set(hashApiKey(key), envPrincipal(known?.tenant ?? '', scopes));
    }
  }

  async authenticate(key: string): Promise<ApiPrincipal | undefined> {
    const fromEnv = this.envKeys.get(hashApiKey(key));
    if (fromEnv) return fromEnv;
    const id = apiKeyIdOf(key);
    if (id === undefined) return undefined;
    const credential = await this.credentialOf(id);
    if (!credential || !matchesHash(key, credential.secretHash)) return undefined;
    if (credential.expiresAt !== null && Date.parse(credential.expiresAt) <= Date.now())
      return undefined;
    return {
      keyId: credential.id,
      tenant: credential.tenant,
      scopes: new Set(credential.scopes),
      rateLimitPerMinute: credential.rateLimitPerMinute,
    };
  }

  /** Drops a key from the cache, so a revocation or rotation here takes effect at once. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async credentialOf(id: string): Promise<ApiKeyCredential | null> {
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) return cached.credential;
    const credential = await this.store.findUsable(id);
    // Bounded: unknown ids are cached too, so a flood of made-up keys cannot grow it without end.
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(id, { credential, until: Date.now() + CACHE_MS });
    return credential;
  }
}

const envPrincipal = (tenant: string, scopes: readonly ApiKeyScope[]): ApiPrincipal => ({
  tenant,
  scopes: new Set(scopes),
  rateLimitPerMinute: 0,
});

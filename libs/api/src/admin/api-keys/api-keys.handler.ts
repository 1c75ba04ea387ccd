import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyStore, type ApiKeyRecord } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../../api.config';
import { ApiKeyAuthenticator } from '../../auth/api-key.authenticator';
import { mintApiKey } from '../../auth/api-key.secret';
import { ProblemError } from '../../problems/problem.error';
import type { CreateApiKeyRequest } from './api-key-request';

/** A key as created or rotated: the record and, this one time, the whole key. */
export type IssuedApiKey = ApiKeyRecord & { readonly key: string };

const noSuchKey = (id: string): ProblemError =>
  new ProblemError(404, 'API_KEY_NOT_FOUND', 'Not found', `No usable API key '${id}'.`);

/** Creates, lists, rotates and revokes stored API keys; only their hashes are kept. */
@Injectable()
export class ApiKeysHandler {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly keys: ApiKeyAuthenticator,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async create(request: CreateApiKeyRequest): Promise<IssuedApiKey> {
    const minted = mintApiKey();
    const record = await this.store.insert({
      id: minted.id,
      tenant: request.tenant,
      scopes: request.scopes,
      ...(request.name === undefined ? {} : { name: request.name }),
      rateLimitPerMinute: request.rateLimitPerMinute ?? this.config.rateLimitPerMinute,
      secretHash: minted.secretHash,
    });
    return { ...record, key: minted.key };
  }

  list(tenant?: string): Promise<ApiKeyRecord[]> {
    return this.store.list(tenant);
  }

  /** A new key for the same tenant and scopes; the old one works `graceSeconds` longer. */
  async rotate(id: string, graceSeconds: number): Promise<IssuedApiKey> {
    const minted = mintApiKey();
    const record = await this.store.rotate(id, minted, graceSeconds);
    if (!record) throw noSuchKey(id);
    this.keys.forget(id);
    return { ...record, key: minted.key };
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.revoke(id))) throw noSuchKey(id);
    this.keys.forget(id);
  }
}

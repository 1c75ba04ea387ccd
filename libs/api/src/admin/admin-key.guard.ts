import { Injectable } from '@nestjs/common';
import type { ApiKeyScope } from '@jobmill/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';

/**
 * Admin endpoints: keys in ADMIN_API_KEYS or stored keys with the `admin` scope (401 without a
 * key or with an unknown one, 403 with a key lacking the scope).
 */
@Injectable()
export class AdminKeyGuard extends ApiKeyGuard {
  protected override scopeFor(): ApiKeyScope {
    return 'admin';
  }
}

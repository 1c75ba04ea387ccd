import { Injectable } from '@nestjs/common';
import type { ApiKeyScope } from '@jobmill/persistence';
import type { ApiPrincipal } from './api-key.authenticator';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Routes a tenant uses on its own jobs and an admin on every tenant's (`tenant=` narrows it to
 * one, see TenantScope): a key with the route's scope, or with `admin`.
 */
@Injectable()
export class TenantOrAdminKeyGuard extends ApiKeyGuard {
  protected override permits(principal: ApiPrincipal, scope: ApiKeyScope): boolean {
    return principal.scopes.has(scope) || principal.scopes.has('admin');
  }
}

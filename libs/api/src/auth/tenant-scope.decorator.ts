import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemError } from '../problems/problem.error';
import type { ApiPrincipal } from './api-key.authenticator';

/** Whose jobs a request is about: one tenant's, or (null) every tenant's. */
export type TenantScopeValue = string | null;

/**
 * Whose jobs a request sees (set by an ApiKeyGuard): a tenant key its own; an admin key every
 * tenant's, or one tenant's with `?tenant=`. `tenant=` from any other key is 403: it never
 * silently shows the key's own jobs instead.
 */
export function tenantScopeOf(principal: ApiPrincipal, tenant: unknown): TenantScopeValue {
  const admin = principal.scopes.has('admin');
  if (tenant === undefined) return admin ? null : principal.tenant;
  if (!admin)
    throw new ProblemError(
      403,
      'FORBIDDEN',
      'Forbidden',
      'Only a key with the admin scope may choose a tenant (tenant=).',
      [{ path: '/tenant', message: 'admin scope required' }],
    );
  if (typeof tenant !== 'string' || tenant === '')
    throw new ProblemError(400, 'INVALID_QUERY', 'Bad request', 'tenant must be a tenant name.', [
      { path: '/tenant', message: 'must be a non-empty string' },
    ]);
  return tenant;
}

/** The request's TenantScopeValue, from its key and its `tenant` query parameter. */
export const TenantScope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): TenantScopeValue => {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: ApiPrincipal }>();
    if (!req.principal) throw new Error('TenantScope used on a route without ApiKeyGuard');
    return tenantScopeOf(req.principal, req.query['tenant']);
  },
);

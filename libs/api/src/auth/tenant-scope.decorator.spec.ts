import type { ApiKeyScope } from '@jobmill/persistence';
import { ProblemError } from '../problems/problem.error';
import type { ApiPrincipal } from './api-key.authenticator';
import { tenantScopeOf } from './tenant-scope.decorator';

const key = (tenant: string, ...scopes: ApiKeyScope[]): ApiPrincipal => ({
  tenant,
  scopes: new Set(scopes),
  rateLimitPerMinute: 0,
});

const refusal = (run: () => unknown): { status: number; code: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('not refused');
};

describe('tenantScopeOf', () => {
  it("gives a tenant's key its own jobs, and refuses it tenant=, even its own", () => {
    expect(tenantScopeOf(key('acme', 'read', 'submit'), undefined)).toBe('acme');
    expect(refusal(() => tenantScopeOf(key('acme', 'read'), 'globex'))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(refusal(() => tenantScopeOf(key('acme', 'read'), 'acme')).status).toBe(403);
  });

  it('gives an admin key every tenant, or the one it names', () => {
    expect(tenantScopeOf(key('', 'admin'), undefined)).toBeNull();
    expect(tenantScopeOf(key('acme', 'admin', 'read'), undefined)).toBeNull();
    expect(tenantScopeOf(key('', 'admin'), 'globex')).toBe('globex');
    expect(refusal(() => tenantScopeOf(key('', 'admin'), ['a', 'b']))).toEqual({
      status: 400,
      code: 'INVALID_QUERY',
    });
    expect(refusal(() => tenantScopeOf(key('', 'admin'), '')).status).toBe(400);
  });
});

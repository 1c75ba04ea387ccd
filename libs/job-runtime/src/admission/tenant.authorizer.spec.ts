import { amqpUserOf } from '@jobmill/transport';
import { admissionPolicyOf } from './command-admission.policy';
import { parseTenantUsers, TenantAuthorizer } from './tenant.authorizer';

describe('tenant authorization of AMQP publishers', () => {
  const authorizer = new TenantAuthorizer({
    trustedUsers: ['jobmill-api'],
    tenantUsers: parseTenantUsers(['acme:acme-publisher', 'acme:acme-batch', 'globex:globex']),
  });

  it('lets a tenant user act for its tenants only, and platform users for any', () => {
    expect(authorizer.refusal('acme-publisher', 'acme')).toBeUndefined();
    expect(authorizer.refusal('acme-batch', 'acme')).toBeUndefined();
    expect(authorizer.refusal('acme-publisher', 'globex')?.code).toBe('TENANT_FORBIDDEN');
    expect(authorizer.refusal('jobmill-api', 'globex')).toBeUndefined();
    expect(authorizer.refusal('stranger', undefined)?.code).toBe('TENANT_FORBIDDEN');
    expect(authorizer.refusal(undefined, 'acme')?.code).toBe('MISSING_USER_ID');
    expect(authorizer.isTrusted('jobmill-api')).toBe(true);
    expect(authorizer.isTrusted('acme-publisher')).toBe(false);
  });

  it('refuses malformed AMQP_TENANT_USERS entries with a stable code', () => {
    for (const bad of ['acme', ':user', 'acme:', 'Has.Dot:user'])
      expect(() => parseTenantUsers([bad])).toThrow(
        expect.objectContaining({ code: 'INVALID_TENANT_USERS' }) as Error,
      );
  });

  it('trusts the service’s own AMQP user (guest when the URL names none)', () => {
    expect(amqpUserOf('amqp://svc%40jobmill:pw@rabbit:5672')).toBe('svc@jobmill');
    expect(amqpUserOf('amqp://rabbit')).toBe('guest');
    const policy = admissionPolicyOf({
      amqpUrl: 'amqp://worker:pw@rabbit',
      trustedUsers: ['api'],
      tenantUsers: ['acme:partner'],
      maxCommandBytes: 2048,
      topologyPrefix: 'prod.',
    });
    expect(policy.topologyPrefix).toBe('prod.');
    expect(policy.maxMessageBytes).toBe(2048);
    expect(policy.authorizer?.isTrusted('worker')).toBe(true);
    expect(policy.authorizer?.isTrusted('api')).toBe(true);
    expect(policy.authorizer?.refusal('partner', 'acme')).toBeUndefined();
  });
});

import { createEnv } from '@jobmill/platform';
import { limitOf, readTenantLimits, UNLIMITED } from './tenant-limits.config';

const read = (value: string) => readTenantLimits(createEnv({ TENANT_LIMITS: value }));

describe('TENANT_LIMITS', () => {
  it('reads each tenant, and `*` for the rest', () => {
    const limits = read('acme:600:100,*:60:10');
    expect(limitOf(limits, 'acme')).toEqual({ perMinute: 600, inFlight: 100 });
    expect(limitOf(limits, 'globex')).toEqual({ perMinute: 60, inFlight: 10 });
  });

  it('leaves every tenant unlimited when unset, and unlisted ones without `*`', () => {
    expect(limitOf(readTenantLimits(createEnv({})), 'acme')).toEqual(UNLIMITED);
    expect(limitOf(read('acme:0:5'), 'globex')).toEqual(UNLIMITED);
    expect(limitOf(read('acme:0:5'), 'acme')).toEqual({ perMinute: 0, inFlight: 5 });
  });

  it.each([
    'acme:600',
    'acme:600:x',
    'Bad.Tenant:1:1',
    'acme:1:1,acme:2:2',
    '*:1:1,*:2:2',
    'acme:-1:1',
  ])('refuses %s, naming the variable', (value) => {
    expect(() => read(value)).toThrow(/TENANT_LIMITS/);
  });
});

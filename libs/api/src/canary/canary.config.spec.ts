import { createEnv } from '@jobmill/platform';
import { readCanaryConfig } from './canary.config';

describe('CANARY_* configuration', () => {
  it('is off by default, with a 30 s timeout and the tenant "canary"', () => {
    expect(readCanaryConfig(createEnv({}))).toEqual({
      intervalMs: 0,
      timeoutMs: 30_000,
      tenant: 'canary',
    });
  });

  it('reads an interval, a timeout and a tenant', () => {
    const vars = { CANARY_INTERVAL_MS: '60000', CANARY_TIMEOUT_MS: '5000', CANARY_TENANT: 'ops' };
    expect(readCanaryConfig(createEnv(vars))).toEqual({
      intervalMs: 60_000,
      timeoutMs: 5_000,
      tenant: 'ops',
    });
  });

  it.each([
    ['CANARY_INTERVAL_MS', '-1'],
    ['CANARY_INTERVAL_MS', '50'],
    ['CANARY_INTERVAL_MS', 'often'],
    ['CANARY_TIMEOUT_MS', '0'],
    ['CANARY_TENANT', 'Ops Team'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => readCanaryConfig(createEnv({ [name]: value }))).toThrow(name);
  });
});

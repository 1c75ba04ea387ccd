import { parseApiKeys, refuseExposedDemoKeys } from './api.config';

describe('API_KEYS parsing', () => {
  it('maps each key to its tenant', () => {
    const keys = parseApiKeys(['acme:key-aaaaaaaa', 'globex:key-bbbbbbbb']);
    expect(keys.get('key-aaaaaaaa')).toBe('acme');
    expect(keys.get('key-bbbbbbbb')).toBe('globex');
  });

  it.each(['nokey', ':key-aaaaaaaa', 'acme:short', 'Bad.Tenant:key-aaaaaaaa'])(
    'refuses %s and names the variable',
    (pair) => {
      expect(() => parseApiKeys([pair])).toThrow(/API_KEYS/);
    },
  );
});

describe('demo keys and HOST', () => {
  it.each(['0.0.0.0', '::', '10.1.2.3', 'api.example.com'])(
    'refuses the documented demo key on %s, naming HOST and API_KEYS',
    (host) => {
      expect(() => refuseExposedDemoKeys(host, ['demo-key-123'])).toThrow(/HOST=.*API_KEYS/);
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])(
    'allows the demo key on loopback %s',
    (host) => {
      expect(() => refuseExposedDemoKeys(host, ['demo-key-123'])).not.toThrow();
    },
  );

  it('allows any address with keys of your own', () => {
    expect(() => refuseExposedDemoKeys('0.0.0.0', ['a-key-of-my-own-123'])).not.toThrow();
  });
});

import { parseApiKeys } from './api.config';

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

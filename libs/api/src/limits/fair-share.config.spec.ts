import { createEnv } from '@jobmill/platform';
import { readFairShare } from './fair-share.config';

describe('FAIR_SHARE', () => {
  it('is auto when unset or set so', () => {
    expect(readFairShare(createEnv({}))).toBe('auto');
    expect(readFairShare(createEnv({ FAIR_SHARE: 'auto' }))).toBe('auto');
  });

  it('reads a whole number, 0 for off', () => {
    expect(readFairShare(createEnv({ FAIR_SHARE: '40' }))).toBe(40);
    expect(readFairShare(createEnv({ FAIR_SHARE: '0' }))).toBe(0);
  });

  it.each(['-1', 'lots', '1.5'])('refuses %s, naming the variable', (value) => {
    expect(() => readFairShare(createEnv({ FAIR_SHARE: value }))).toThrow(/FAIR_SHARE/);
  });
});

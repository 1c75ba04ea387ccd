import { apiKeyIdOf, hashApiKey, matchesHash, mintApiKey } from './api-key.secret';

describe('API key secrets', () => {
  it('mints keys whose id is their prefix and whose hash is not the key', () => {
    const minted = mintApiKey();
    expect(minted.key).toMatch(/^jm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyIdOf(minted.key)).toBe(minted.id);
    expect(minted.secretHash).toBe(hashApiKey(minted.key));
    expect(minted.secretHash).not.toContain(minted.key.slice(16));
    expect(mintApiKey().key).not.toBe(minted.key);
  });

  it('matches only the exact key', () => {
    const { key, secretHash } = mintApiKey();
    expect(matchesHash(key, secretHash)).toBe(true);
    expect(matchesHash(`${key.slice(0, -1)}A`, secretHash)).toBe(key.endsWith('A'));
    expect(matchesHash(key, 'abcd')).toBe(false);
  });

  it.each(['demo-key-123', 'jm_123_abc', 'jm_0123456789ab_short', ''])('finds no id in %j', (key) =>
    expect(apiKeyIdOf(key)).toBeUndefined(),
  );
});

import { createEnv } from '@jobmill/platform';
import { readRepublishConfig } from './republish.config';

describe('REPUBLISH_AFTER_MS and REPUBLISH_INTERVAL_MS', () => {
  it('default to a minute and ten seconds', () => {
    expect(readRepublishConfig(5000, createEnv({}))).toEqual({
      afterMs: 60_000,
      intervalMs: 10_000,
    });
  });

  it('default to three publish timeouts when that is longer', () => {
    expect(readRepublishConfig(30_000, createEnv({})).afterMs).toBe(90_000);
  });

  it('take the values given', () => {
    const vars = createEnv({ REPUBLISH_AFTER_MS: '5000', REPUBLISH_INTERVAL_MS: '300' });
    expect(readRepublishConfig(2000, vars)).toEqual({ afterMs: 5000, intervalMs: 300 });
  });

  it('refuse a period that a submission still waiting for its confirm could outlast', () => {
    const vars = createEnv({ REPUBLISH_AFTER_MS: '9000' });
    expect(() => readRepublishConfig(5000, vars)).toThrow(
      expect.objectContaining({ variable: 'REPUBLISH_AFTER_MS' }) as Error,
    );
  });
});

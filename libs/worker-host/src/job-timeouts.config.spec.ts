import { createEnv } from '@jobmill/platform';
import { readJobTimeouts } from './job-timeouts.config';

describe('readJobTimeouts', () => {
  it('defaults to soft 55 min and hard 60 min', () => {
    expect(readJobTimeouts(createEnv({}))).toEqual({
      default: { softMs: 3_300_000, hardMs: 3_600_000 },
      byType: {},
    });
  });

  it('reads per-type limits', () => {
    const policy = readJobTimeouts(
      createEnv({ JOB_TIMEOUTS: 'processing.normalize=6600000:7200000' }),
    );
    expect(policy.byType?.['processing.normalize']).toEqual({
      softMs: 6_600_000,
      hardMs: 7_200_000,
    });
  });

  it('rejects a hard limit below the soft one, naming the variable', () => {
    expect(() =>
      readJobTimeouts(createEnv({ JOB_SOFT_TIMEOUT_MS: '10', JOB_HARD_TIMEOUT_MS: '5' })),
    ).toThrow(/JOB_HARD_TIMEOUT_MS/);
    expect(() => readJobTimeouts(createEnv({ JOB_TIMEOUTS: 'detection.vad=9:3' }))).toThrow(
      /JOB_TIMEOUTS/,
    );
    expect(() => readJobTimeouts(createEnv({ JOB_TIMEOUTS: 'nope.x=1:2' }))).toThrow(
      /JOB_TIMEOUTS/,
    );
  });
});

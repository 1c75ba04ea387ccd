import { readJobRetention, readRetentionConfig } from './retention.config';

describe('retention configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['JOB_RETENTION', 'RETENTION_INTERVAL_MS', 'RETENTION_BATCH_SIZE'])
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
  });

  it('keeps finished jobs 7 days unless JOB_RETENTION says otherwise', () => {
    delete process.env['JOB_RETENTION'];
    expect(readJobRetention()).toBe(7 * 86_400_000);
    process.env['JOB_RETENTION'] = '12h';
    expect(readRetentionConfig('/blobs')).toMatchObject({
      retentionMs: 43_200_000,
      sweepIntervalMs: 60_000,
      batchSize: 500,
      blobDir: '/blobs',
    });
  });

  it.each([
    ['JOB_RETENTION', '1 week'],
    ['JOB_RETENTION', '0d'],
    ['RETENTION_INTERVAL_MS', '5'],
    ['RETENTION_BATCH_SIZE', 'many'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    process.env[name] = value;
    expect(() => readRetentionConfig('/blobs')).toThrow(
      expect.objectContaining({ variable: name }) as Error,
    );
  });
});

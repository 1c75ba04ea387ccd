import { createEnv } from '@jobmill/platform';
import { queueLimitOf, readQueueLimits } from './queue-limits.config';

const read = (value: string) => readQueueLimits(createEnv({ QUEUE_LIMITS: value }));

describe('QUEUE_LIMITS', () => {
  it('reads each job type, and `*` for the rest', () => {
    const limits = read('detection.vad:10000,*:500');
    expect(queueLimitOf(limits, 'detection.vad')).toBe(10_000);
    expect(queueLimitOf(limits, 'system.ping')).toBe(500);
  });

  it('has no limit when unset', () => {
    expect(queueLimitOf(readQueueLimits(createEnv({})), 'detection.vad')).toBe(0);
  });

  it.each(['detection.vad', 'nope.type:10', 'detection.vad:x', 'system.ping:1,system.ping:2'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(() => read(value)).toThrow(/QUEUE_LIMITS/);
    },
  );
});

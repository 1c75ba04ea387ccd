import { createEnv } from '@jobmill/platform';
import { readTypeConcurrency } from './type-concurrency.config';

describe('readTypeConcurrency', () => {
  it('reads a limit per job type, none by default', () => {
    expect(readTypeConcurrency(createEnv({}), 4)).toEqual({});
    expect(
      readTypeConcurrency(
        createEnv({ WORKER_TYPE_CONCURRENCY: 'detection.vad=2,system.ping=4' }),
        4,
      ),
    ).toEqual({ 'detection.vad': 2, 'system.ping': 4 });
  });

  it.each(['detection.vad', 'detection.vad=0', 'detection.vad=5', 'nope.x=1'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(() => readTypeConcurrency(createEnv({ WORKER_TYPE_CONCURRENCY: value }), 4)).toThrow(
        /WORKER_TYPE_CONCURRENCY/,
      );
    },
  );
});

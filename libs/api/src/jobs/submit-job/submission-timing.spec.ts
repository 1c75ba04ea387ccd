import type { JobSubmission } from '@jobmill/contracts';
import { dueTimeOf, MAX_DELAY_MS } from './submission-timing';

const base: JobSubmission = { type: 'system.ping', input: {} };
const problemOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};
const now = Date.parse('2026-12-03T10:00:00.000Z');

describe('dueTimeOf', () => {
  it('runs a submission without runAt or delayMs at once', () => {
    expect(dueTimeOf(base, now)).toBeUndefined();
    expect(dueTimeOf({ ...base, delayMs: 0 }, now)).toBeUndefined();
  });

  it('delays by delayMs, or until runAt', () => {
    expect(dueTimeOf({ ...base, delayMs: 1500 }, now)?.toISOString()).toBe(
      '2026-12-03T10:00:01.500Z',
    );
    expect(dueTimeOf({ ...base, runAt: '2026-12-03T12:00:00+01:00' }, now)?.toISOString()).toBe(
      '2026-12-03T11:00:00.000Z',
    );
  });

  it('runs a runAt already past at once', () => {
    expect(dueTimeOf({ ...base, runAt: '2026-12-03T09:00:00Z' }, now)).toBeUndefined();
  });

  it('refuses both options together, and a time beyond a year, naming the field', () => {
    expect(
      problemOf(() =>
        dueTimeOf({ ...base, runAt: '2026-12-03T11:00:00Z', delayMs: 5 }, now, '/jobs/0'),
      ),
    ).toEqual(
      expect.objectContaining({
        status: 400,
        code: 'INVALID_TIMING',
        errors: [expect.objectContaining({ path: '/jobs/0/runAt' })],
      }),
    );
    expect(
      problemOf(() =>
        dueTimeOf({ ...base, runAt: new Date(now + MAX_DELAY_MS + 1000).toISOString() }, now),
      ),
    ).toEqual(expect.objectContaining({ code: 'INVALID_TIMING' }));
  });
});

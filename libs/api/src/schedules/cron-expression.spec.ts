import { firstTick, nextTick } from './cron-expression';

const problemOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};
const at = new Date('2026-12-03T10:00:00.400Z');

describe('cron expressions', () => {
  it('takes 5 fields, or 6 with seconds first', () => {
    expect(firstTick('*/5 * * * *', 'UTC', at).toISOString()).toBe('2026-12-03T10:05:00.000Z');
    expect(firstTick('* * * * * *', 'UTC', at).toISOString()).toBe('2026-12-03T10:00:01.000Z');
    expect(firstTick('30 0 9 * * *', 'UTC', at).toISOString()).toBe('2026-12-04T09:00:30.000Z');
  });

  it('reads the fields in the schedule’s time zone', () => {
    // 09:00 in Paris (UTC+1 in December) is 08:00 UTC.
    expect(firstTick('0 9 * * *', 'Europe/Paris', at).toISOString()).toBe(
      '2026-12-04T08:00:00.000Z',
    );
  });

  it('refuses a bad expression, 7 fields, or a bad zone, naming the field', () => {
    for (const cron of ['bad', '* * * *', '0 0 0 1 1 * 2030', '61 * * * *'])
      expect(problemOf(() => firstTick(cron, 'UTC', at))).toEqual(
        expect.objectContaining({
          status: 400,
          code: 'INVALID_CRON',
          errors: [expect.objectContaining({ path: '/cron' })],
        }),
      );
    expect(problemOf(() => firstTick('* * * * *', 'Mars/Olympus', at))).toEqual(
      expect.objectContaining({ status: 400, code: 'INVALID_TIMEZONE' }),
    );
  });

  it('gives the tick strictly after the one given', () => {
    const tick = new Date('2026-12-03T10:00:01.000Z');
    expect(nextTick({ cron: '* * * * * *', timezone: 'UTC' }, tick)?.toISOString()).toBe(
      '2026-12-03T10:00:02.000Z',
    );
  });
});

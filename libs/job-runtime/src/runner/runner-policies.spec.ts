import { classifyError, isRetryable } from '../retries/error.classifier';
import { ProgressCoalescer } from '../progress/progress.coalescer';
import { retryDelayMs } from '../retries/retry.policy';
import { poisonFailedEvent } from '../admission/poison-event.factory';
import { pickDelayStage } from '@jobmill/transport';

describe('retry backoff and delay stages', () => {
  it('doubles per attempt with equal jitter, capped at ten minutes', () => {
    expect(retryDelayMs(1, 1_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1_000, () => 1)).toBe(1_000);
    expect(retryDelayMs(3, 1_000, () => 1)).toBe(4_000);
    expect(retryDelayMs(40, 1_000, () => 1)).toBe(600_000);
  });

  it('picks the smallest stage that waits long enough, else the longest', () => {
    expect(pickDelayStage(1_000).label).toBe('1s');
    expect(pickDelayStage(1_001).label).toBe('5s');
    expect(pickDelayStage(90_000).label).toBe('2m');
    expect(pickDelayStage(3_600_000).label).toBe('10m');
  });
});

describe('classifyError', () => {
  it('keeps a typed error from a worker thread (plain object) by its fields', () => {
    const e = classifyError({ code: 'MALFORMED_WAV', message: 'bad header', kind: 'permanent' });
    expect(e).toEqual({
      code: 'MALFORMED_WAV',
      message: 'bad header',
      kind: 'permanent',
      retryable: false,
    });
    expect(isRetryable(e)).toBe(false);
  });

  it('infers the kind from retryable when there is none', () => {
    expect(classifyError({ code: 'BUSY', message: 'x', retryable: true })).toMatchObject({
      kind: 'transient',
      retryable: true,
    });
    expect(classifyError({ code: 'NOPE', message: 'x', retryable: false })).toMatchObject({
      kind: 'permanent',
      retryable: false,
    });
  });

  it('treats unknown errors as retryable internal errors with their stack', () => {
    const e = classifyError(new TypeError('undefined is not a function'));
    expect(e).toMatchObject({ code: 'INTERNAL_ERROR', kind: 'internal', retryable: true });
    expect(e.stack).toContain('TypeError');
    expect(classifyError('just a string')).toMatchObject({
      message: 'just a string',
      kind: 'internal',
    });
  });

  it('never retries a transient kind that says retryable: false', () => {
    expect(isRetryable(classifyError({ kind: 'transient', retryable: false }))).toBe(false);
    expect(isRetryable(classifyError({ kind: 'cancelled' }))).toBe(false);
  });
});

describe('ProgressCoalescer', () => {
  it('publishes at most one value per interval, only on a 1 % move, none after close', () => {
    let now = 0;
    const c = new ProgressCoalescer({ intervalMs: 500, now: () => now });
    expect(c.offer(0.5)).toBeUndefined(); // too soon after the start
    now = 500;
    expect(c.offer(0.5)).toBe(0.5);
    now = 700;
    expect(c.offer(0.9)).toBeUndefined();
    now = 1_000;
    expect(c.offer(0.505)).toBeUndefined(); // moved less than 1 %
    expect(c.offer(2)).toBe(1); // clamped
    now = 2_000;
    c.close();
    expect(c.offer(0.2)).toBeUndefined();
    expect(new ProgressCoalescer({ now: () => 0 }).offer(Number.NaN)).toBeUndefined();
  });
});

describe('poisonFailedEvent', () => {
  const subject = '0b7d5c55-2d1c-4f6e-9a51-3c1c1b1f0a11';

  it('fails the job named by an invalid body, as poison', () => {
    const event = poisonFailedEvent(
      {
        subject,
        tenant: 'acme',
        id: 'm1',
        type: 'io.jobmill.detection.vad.requested.v1',
        attempt: 2,
      },
      { code: 'INVALID_DATA', message: 'bad' },
      '/w',
    );
    expect(event).toMatchObject({
      subject,
      tenant: 'acme',
      attempt: 2,
      causationid: 'm1',
      correlationid: subject,
    });
    expect(event?.data).toEqual({
      jobType: 'detection.vad',
      error: { code: 'INVALID_DATA', message: 'bad', kind: 'poison', retryable: false },
    });
  });

  it('publishes nothing when the body names no job or tenant', () => {
    const failure = { code: 'X', message: 'y' };
    expect(poisonFailedEvent('{', failure, '/w')).toBeUndefined();
    expect(poisonFailedEvent({ subject: 'nope', tenant: 'acme' }, failure, '/w')).toBeUndefined();
    expect(poisonFailedEvent({ subject, tenant: 'a.b' }, failure, '/w')).toBeUndefined();
  });
});

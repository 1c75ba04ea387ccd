import { ConfirmDeadlines, type AwaitedConfirm } from './confirm-deadlines';

describe('ConfirmDeadlines', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const expired = (): Error => new Error('no confirm');
  const watched = (
    deadlines: ConfirmDeadlines,
    deadline: number,
    fail: (error: Error) => void,
  ): AwaitedConfirm => {
    const entry = { deadline, open: true, fail };
    deadlines.watch(entry);
    return entry;
  };

  it('fails the publishes still open at their deadline, once, with one error', () => {
    const deadlines = new ConfirmDeadlines(expired);
    const failed: [string, Error][] = [];
    watched(deadlines, 100, (e) => failed.push(['a', e]));
    const b = watched(deadlines, 100, (e) => failed.push(['b', e]));
    watched(deadlines, 200, (e) => failed.push(['c', e]));
    deadlines.settle(b);
    jest.advanceTimersByTime(99);
    expect(failed).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(failed.map(([name]) => name)).toEqual(['a']);
    jest.advanceTimersByTime(100);
    expect(failed.map(([name]) => name)).toEqual(['a', 'c']);
    expect(failed[0]?.[1]).toBeInstanceOf(Error);
    expect(deadlines.size).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(failed).toHaveLength(2);
  });

  it('keeps no timer once everything settled, and arms again for what comes next', () => {
    const deadlines = new ConfirmDeadlines(expired);
    const fail = jest.fn();
    const first = watched(deadlines, 100, fail);
    deadlines.settle(first);
    expect(jest.getTimerCount()).toBe(0);
    watched(deadlines, 300, fail);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(300);
    expect(fail).toHaveBeenCalledTimes(1);
  });

  it('settles out of order without losing the entries behind the front', () => {
    const deadlines = new ConfirmDeadlines(expired);
    const fail = jest.fn();
    const entries = Array.from({ length: 3_000 }, (_, i) => watched(deadlines, 1_000 + i, fail));
    // All but every 1,000th settle, the front last: compaction must keep the open ones.
    entries.forEach((e, i) => i % 1_000 !== 999 && i !== 0 && deadlines.settle(e));
    deadlines.settle(entries[0] as (typeof entries)[number]);
    expect(deadlines.size).toBe(2_001);
    jest.advanceTimersByTime(5_000);
    expect(fail).toHaveBeenCalledTimes(3);
    expect(deadlines.size).toBe(0);
  });

  it('still fails a later publish when the failed ones settled themselves while expiring', () => {
    // The publisher settles an entry from its fail callback, inside the expiry.
    const deadlines = new ConfirmDeadlines(expired);
    const failed: string[] = [];
    const watch = (name: string, deadline: number) => {
      const entry = watched(deadlines, deadline, () => {
        deadlines.settle(entry);
        failed.push(name);
      });
    };
    watch('a', 100);
    watch('b', 100);
    jest.advanceTimersByTime(100);
    expect(failed).toEqual(['a', 'b']);
    expect(deadlines.size).toBe(0);
    watch('c', 300);
    expect(deadlines.size).toBe(1);
    jest.advanceTimersByTime(200);
    expect(failed).toEqual(['a', 'b', 'c']);
  });

  it('fails nothing while held, and gives what still waits a whole timeout from the release', () => {
    const deadlines = new ConfirmDeadlines(expired);
    const failed: string[] = [];
    const a = watched(deadlines, 100, () => failed.push('a'));
    watched(deadlines, 150, () => failed.push('b'));
    jest.advanceTimersByTime(50);
    deadlines.hold();
    watched(deadlines, 250, () => failed.push('c'));
    jest.advanceTimersByTime(1_000);
    expect(failed).toEqual([]);
    deadlines.settle(a);
    deadlines.release(100);
    jest.advanceTimersByTime(99);
    expect(failed).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(failed).toEqual(['b', 'c']);
    expect(deadlines.size).toBe(0);
  });

  it('fails every open publish at once on failOpen, and nothing of them later', () => {
    const deadlines = new ConfirmDeadlines(expired);
    const failed: [string, Error][] = [];
    watched(deadlines, 100, (e) => failed.push(['a', e]));
    const b = watched(deadlines, 200, (e) => failed.push(['b', e]));
    watched(deadlines, 300, (e) => failed.push(['c', e]));
    deadlines.settle(b);
    const blocked = new Error('blocked');
    deadlines.failOpen(blocked);
    expect(failed).toEqual([
      ['a', blocked],
      ['c', blocked],
    ]);
    expect(deadlines.size).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(failed).toHaveLength(2);
  });
});

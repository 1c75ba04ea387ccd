import { PeriodicRound } from './periodic-round';

describe('PeriodicRound', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const logger = () => ({ warn: jest.fn<void, [string]>() });

  it('runs after the first delay, then every interval, never two rounds at once', async () => {
    const starts: number[] = [];
    let release = (): void => undefined;
    const round = new PeriodicRound({
      run: () => {
        starts.push(Date.now());
        return new Promise<void>((resolve) => (release = resolve));
      },
      intervalMs: 100,
      firstDelayMs: 10,
      failure: 'x',
      logger: logger(),
    });
    const t0 = Date.now();
    round.start();
    await jest.advanceTimersByTimeAsync(9);
    expect(starts).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([t0 + 10]);
    await jest.advanceTimersByTimeAsync(500); // the round is still running: no second one
    expect(starts).toHaveLength(1);
    release();
    await jest.advanceTimersByTimeAsync(100);
    expect(starts).toEqual([t0 + 10, t0 + 610]);
    release();
    await round.stop();
  });

  it('takes the next delay from the result, and logs a failed round and goes on', async () => {
    const results = [5, 0, 7];
    const log = logger();
    let runs = 0;
    const round = new PeriodicRound({
      run: () => {
        runs += 1;
        if (runs === 2) return Promise.reject(new Error('database down'));
        return Promise.resolve(results[runs - 1] ?? 0);
      },
      intervalMs: 1_000,
      firstDelayMs: 0,
      nextDelayMs: (n: number) => n,
      failure: 'Round failed',
      logger: log,
    });
    round.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(5);
    expect(runs).toBe(2);
    expect(log.warn).toHaveBeenCalledWith('Round failed: database down');
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(3);
    await round.stop();
  });

  it('stop() waits for the running round and cancels the next', async () => {
    let release = (): void => undefined;
    let runs = 0;
    const round = new PeriodicRound({
      run: () => {
        runs += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      intervalMs: 10,
      firstDelayMs: 0,
      failure: 'x',
      logger: logger(),
    });
    round.start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = round.stop().then(() => (stopped = true));
    expect(round.stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
  });
});

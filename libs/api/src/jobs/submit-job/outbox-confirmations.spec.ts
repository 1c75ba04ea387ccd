import type { Logger } from '@nestjs/common';
import type { UnconfirmedCommandsStore } from '@jobmill/persistence';
import { OutboxConfirmations } from './outbox-confirmations';

/** An outbox whose DELETEs finish when the test says so. */
function heldOutbox() {
  const calls: { ids: readonly string[]; finish: (error?: Error) => void }[] = [];
  const outbox = {
    confirm: (ids: readonly string[]) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ ids, finish: (error) => (error ? reject(error) : resolve()) });
      }),
  } as unknown as UnconfirmedCommandsStore;
  return { outbox, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboxConfirmations', () => {
  const warnings: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m) } as unknown as Logger;
  const gather = { gatherMs: 1_000, maxIds: 4 };

  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('sends the ids confirmed within one window in one DELETE, after the window', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger, gather);
    confirmations.add(['a']);
    jest.advanceTimersByTime(600);
    confirmations.add(['b', 'c']);
    expect(calls).toHaveLength(0);
    jest.advanceTimersByTime(400);
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps one DELETE in flight; the ids confirmed meanwhile wait for the next window', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger, gather);
    confirmations.add(['a']);
    jest.advanceTimersByTime(1_000);
    confirmations.add(['b']);
    jest.advanceTimersByTime(5_000);
    confirmations.add(['c']);
    expect(calls.map((c) => c.ids)).toEqual([['a']]);
    calls[0]?.finish();
    await tick();
    expect(calls).toHaveLength(1);
    jest.advanceTimersByTime(1_000);
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b', 'c']]);
  });

  it('sends a full window at once', () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger, gather);
    confirmations.add(['a', 'b']);
    confirmations.add(['c', 'd']);
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('settles without waiting out the window: what is gathered goes at once', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger, gather);
    confirmations.add(['a']);
    let settled = false;
    const done = confirmations.settled().then(() => (settled = true));
    expect(calls.map((c) => c.ids)).toEqual([['a']]);
    confirmations.add(['b']);
    calls[0]?.finish();
    await tick();
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b']]);
    expect(settled).toBe(false);
    calls[1]?.finish();
    await done;
    expect(settled).toBe(true);
  });

  it('logs a failed DELETE and goes on with the next ids', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger, gather);
    confirmations.add(['a']);
    jest.advanceTimersByTime(1_000);
    confirmations.add(['b']);
    calls[0]?.finish(new Error('database gone'));
    await tick();
    jest.advanceTimersByTime(1_000);
    calls[1]?.finish();
    await confirmations.settled();
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b']]);
    expect(warnings).toEqual(['Could not mark 1 command(s) confirmed: database gone']);
  });
});

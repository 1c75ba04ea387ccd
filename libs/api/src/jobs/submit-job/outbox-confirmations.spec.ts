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

  it('keeps one DELETE in flight and sends the ids confirmed meanwhile together', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger);
    confirmations.add(['a']);
    confirmations.add(['b', 'c']);
    confirmations.add(['d']);
    expect(calls.map((c) => c.ids)).toEqual([['a']]);
    let settled = false;
    void confirmations.settled().then(() => (settled = true));
    calls[0]?.finish();
    await tick();
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(settled).toBe(false);
    calls[1]?.finish();
    await tick();
    expect(settled).toBe(true);
  });

  it('logs a failed DELETE and goes on with the next ids', async () => {
    const { outbox, calls } = heldOutbox();
    const confirmations = new OutboxConfirmations(outbox, logger);
    confirmations.add(['a']);
    confirmations.add(['b']);
    calls[0]?.finish(new Error('database gone'));
    await tick();
    calls[1]?.finish();
    await confirmations.settled();
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b']]);
    expect(warnings).toEqual(['Could not mark 1 command(s) confirmed: database gone']);
  });
});

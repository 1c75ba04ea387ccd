import type { QueueBacklogStore } from '@jobmill/persistence';
import { QueueBacklogGauge } from './queue-backlog.gauge';

/** A backlog that reads `queued` jobs of every type, counting its reads. */
function backlogOf(queued: number) {
  const store = { reads: 0, queued: () => (store.reads++, Promise.resolve(queued)) };
  return store;
}

const limits = { byType: new Map([['system.ping', 5]]), fallback: 0 };
const gaugeOn = (store: ReturnType<typeof backlogOf>) =>
  new QueueBacklogGauge(store as unknown as QueueBacklogStore, limits);

describe('QueueBacklogGauge', () => {
  it('admits a whole batch or nothing, and as many as fit when asked one by one', async () => {
    const gauge = gaugeOn(backlogOf(3));
    expect(await gauge.admit('system.ping', 3, true)).toMatchObject({
      admitted: 0,
      refusal: { code: 'QUEUE_FULL', retryAfterSeconds: 5 },
    });
    expect(await gauge.admit('system.ping', 3, false)).toMatchObject({ admitted: 2 });
  });

  it('counts what it admitted until the next reading, and gives back what was refused later', async () => {
    const store = backlogOf(0);
    const gauge = gaugeOn(store);
    expect(await gauge.admit('system.ping', 4, false)).toEqual({ admitted: 4 });
    expect((await gauge.admit('system.ping', 4, false)).admitted).toBe(1);
    gauge.giveBack('system.ping', 2);
    expect((await gauge.admit('system.ping', 4, false)).admitted).toBe(2);
    expect(store.reads).toBe(1);
  });

  it('costs nothing for a type without a limit', async () => {
    const store = backlogOf(1_000);
    expect(await gaugeOn(store).admit('detection.vad', 50, true)).toEqual({ admitted: 50 });
    expect(store.reads).toBe(0);
  });

  it('reads the backlog again after a second', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const store = backlogOf(0);
      const gauge = gaugeOn(store);
      await gauge.admit('system.ping', 5, true);
      jest.setSystemTime(1_001);
      expect(await gauge.admit('system.ping', 5, true)).toEqual({ admitted: 5 });
      expect(store.reads).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

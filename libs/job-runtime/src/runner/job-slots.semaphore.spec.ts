import { slotRank } from '@jobmill/contracts';
import { JobSlots } from './job-slots.semaphore';

describe('JobSlots', () => {
  it('lets `size` jobs in at once and the waiters in arrival order, however many wait', async () => {
    const slots = new JobSlots(2);
    await slots.acquire();
    await slots.acquire();
    expect(slots.inUse).toBe(2);
    const order: number[] = [];
    const waiters = Array.from({ length: 3000 }, (_, i) =>
      slots.acquire().then(() => {
        order.push(i);
        slots.release();
      }),
    );
    await Promise.resolve();
    expect(order).toEqual([]);
    slots.release();
    await Promise.all(waiters);
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(slots.inUse).toBe(1);
    slots.release();
    expect(slots.inUse).toBe(0);
  });

  it('lets a message of its own take a slot past the size, and holds waiters back until it is over', async () => {
    const slots = new JobSlots(1);
    await slots.acquire();
    slots.take();
    expect(slots.inUse).toBe(2);
    let woke = false;
    const waiter = slots.acquire().then(() => (woke = true));
    slots.release();
    await Promise.resolve();
    expect(woke).toBe(false);
    slots.release();
    await waiter;
    expect(woke).toBe(true);
  });

  it('reports the slots in use at first and on every change, not when a slot passes to a waiter', async () => {
    const seen: number[] = [];
    const slots = new JobSlots(2, (inUse, size) => {
      expect(size).toBe(2);
      seen.push(inUse);
    });
    await slots.acquire();
    await slots.acquire();
    const third = slots.acquire();
    slots.release(); // straight to the third job
    await third;
    slots.release();
    slots.release();
    expect(seen).toEqual([0, 1, 2, 1, 0]);
    expect(slots.inUse).toBe(0);
  });
});

describe('JobSlots, closed', () => {
  it('sends every waiter away without a slot, refuses later ones, and keeps the slots held', async () => {
    const slots = new JobSlots(1);
    expect(await slots.acquire()).toBe(true);
    const waiters = [slots.acquire(), slots.acquire(slotRank('high'))];
    slots.close();
    expect(await Promise.all(waiters)).toEqual([false, false]);
    expect(await slots.acquire()).toBe(false);
    expect(slots.inUse).toBe(1);
    slots.release();
    expect(slots.inUse).toBe(0);
  });
});

describe('JobSlots with priorities', () => {
  const [HIGH, NORMAL, LOW] = [slotRank('high'), slotRank('normal'), slotRank('low')];
  const [NORMAL_BACKLOG, LOW_BACKLOG] = [slotRank('normal', true), slotRank('low', true)];

  /** Queues the waiters (label, rank) behind one busy slot, frees it: the order they were served. */
  const servedOrder = async (waiting: ReadonlyArray<readonly [string, number]>) => {
    const slots = new JobSlots(1);
    await slots.acquire();
    const order: string[] = [];
    const waiters = waiting.map(([label, rank]) =>
      slots.acquire(rank).then(() => {
        order.push(label);
        slots.release();
      }),
    );
    slots.release();
    await Promise.all(waiters);
    expect(slots.inUse).toBe(0);
    return order;
  };

  it('hands a freed slot to a waiting high job first, then normal, then low, each in arrival order', async () => {
    const order = await servedOrder([
      ['normal-1', NORMAL],
      ['low-1', LOW],
      ['normal-2', NORMAL],
      ['high-1', HIGH],
      ['low-2', LOW],
      ['high-2', HIGH],
    ]);
    expect(order).toEqual(['high-1', 'high-2', 'normal-1', 'normal-2', 'low-1', 'low-2']);
  });

  it("serves a priority's backlog lane after the priority's own jobs, before the next priority", async () => {
    const order = await servedOrder([
      ['low-backlog', LOW_BACKLOG],
      ['normal-backlog-1', NORMAL_BACKLOG],
      ['low', LOW],
      ['normal-backlog-2', NORMAL_BACKLOG],
      ['normal', NORMAL],
      ['high', HIGH],
    ]);
    expect(order).toEqual([
      'high',
      'normal',
      'normal-backlog-1',
      'normal-backlog-2',
      'low',
      'low-backlog',
    ]);
  });

  it('lets a high job that arrives while normal ones wait start at the next free slot', async () => {
    const slots = new JobSlots(2);
    await slots.acquire();
    await slots.acquire();
    const order: string[] = [];
    const normals = Array.from({ length: 5 }, (_, i) =>
      slots.acquire(NORMAL).then(() => order.push(`normal-${i}`)),
    );
    const high = slots.acquire(HIGH).then(() => order.push('high'));
    slots.release();
    await high;
    expect(order).toEqual(['high']);
    for (let i = 0; i < 5; i++) slots.release();
    await Promise.all(normals);
    expect(order).toEqual(['high', 'normal-0', 'normal-1', 'normal-2', 'normal-3', 'normal-4']);
  });
});

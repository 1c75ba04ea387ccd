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

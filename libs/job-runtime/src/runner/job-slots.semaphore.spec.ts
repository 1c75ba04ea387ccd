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
});

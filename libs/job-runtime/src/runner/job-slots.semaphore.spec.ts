import { JobSlots } from './job-slots.semaphore';

describe('JobSlots', () => {
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

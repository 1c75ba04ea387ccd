import { BatchOpeningGate } from './batch-opening.gate';

const batch = (n: number) => () => ({ ok: true as const, members: Array.from({ length: n }) });
const refused = () => ({ ok: false as const });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchOpeningGate', () => {
  it('opens concurrent deliveries one at a time once the first fills it', async () => {
    const gate = new BatchOpeningGate(10);
    const opened: number[] = [];
    // Delivered together, as a prefetch of batch messages is: only the first may open at once.
    const deliveries = [0, 1, 2].map((i) => gate.open(batch(10)).then(() => opened.push(i)));
    await tick();
    expect(opened).toEqual([0]);
    expect(gate.unsettledMembers).toBe(10);
    await gate.settle(Promise.resolve()); // one member of the first batch settles: room for one
    await tick();
    expect(opened).toEqual([0, 1]);
    for (let i = 0; i < 10; i++) await gate.settle(Promise.resolve());
    await Promise.all(deliveries);
    expect(opened).toEqual([0, 1, 2]);
  });

  it('lets the next message in after a refused one, which counts for nothing', async () => {
    const gate = new BatchOpeningGate(2);
    await gate.open(batch(2));
    const next = [gate.open(refused), gate.open(batch(1))];
    await gate.settle(Promise.resolve());
    const [first, second] = await Promise.all(next);
    expect(first?.ok).toBe(false);
    expect(second?.ok).toBe(true);
    expect(gate.unsettledMembers).toBe(2);
  });

  it('counts a member as settled when its run fails too', async () => {
    const gate = new BatchOpeningGate(5);
    await gate.open(batch(1));
    await expect(gate.settle(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.unsettledMembers).toBe(0);
  });
});

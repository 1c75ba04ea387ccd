import { writeWindows } from './write-windows';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A write that holds each window until released, recording what each held. */
function heldWrites(): {
  write: (keys: readonly number[]) => Promise<number[]>;
  windows: number[][];
  releaseAll: () => void;
} {
  const windows: number[][] = [];
  const releases: (() => void)[] = [];
  return {
    windows,
    write: (keys) => {
      windows.push([...keys]);
      return new Promise((resolve) => releases.push(() => resolve(keys.map((k) => k * 10))));
    },
    releaseAll: () => releases.splice(0).forEach((release) => release()),
  };
}

describe('writeWindows', () => {
  it("writes a turn's calls as one window, and each caller gets its own answer", async () => {
    const held = heldWrites();
    const loader = writeWindows(held.write, { maxSize: 100, inFlight: 2 });
    const answers = Promise.all([1, 2, 3].map((k) => loader.load(k)));
    await nextTurn();
    expect(held.windows).toEqual([[1, 2, 3]]);
    held.releaseAll();
    expect(await answers).toEqual([10, 20, 30]);
  });

  it('overlaps up to inFlight windows, then gathers calls until one settles', async () => {
    const held = heldWrites();
    const loader = writeWindows(held.write, { maxSize: 100, inFlight: 2 });
    const answers: Promise<number>[] = [];
    for (const k of [1, 2, 3, 4, 5]) {
      answers.push(loader.load(k));
      await nextTurn();
    }
    // Two windows are written at once; 3, 4 and 5 waited together for a free one.
    expect(held.windows).toEqual([[1], [2]]);
    held.releaseAll();
    await nextTurn();
    await nextTurn();
    expect(held.windows).toEqual([[1], [2], [3, 4, 5]]);
    held.releaseAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
  });

  it('never puts more than maxSize calls in a window, and a failed window frees its place', async () => {
    const windows: number[][] = [];
    const loader = writeWindows(
      async (keys: readonly number[]) => {
        windows.push([...keys]);
        if (keys.includes(1)) throw new Error('database down');
        return keys.map((k) => k);
      },
      { maxSize: 2, inFlight: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((k) => loader.load(k)));
    expect(windows).toEqual([[1, 2], [3, 4], [5]]);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

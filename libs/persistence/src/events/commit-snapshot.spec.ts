import { CommitSnapshot } from './commit-snapshot';
import type { JobEventName } from '@jobmill/contracts';
import { compareFeed, type FeedPosition } from './feed-event';

describe('CommitSnapshot', () => {
  it('sees transactions that ended before it, not those running or later', () => {
    const snapshot = new CommitSnapshot('100:105:100,103');
    expect(snapshot.xmin).toBe(100n);
    expect([99n, 101n, 104n, null].map((tx) => snapshot.sees(tx))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([100n, 103n, 105n, 200n].map((tx) => snapshot.sees(tx))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(new CommitSnapshot('7:7:').sees(6n)).toBe(true);
  });

  it('refuses text that is no snapshot', () => {
    expect(() => new CommitSnapshot('12')).toThrow(/pg_snapshot/);
  });
});

describe('compareFeed', () => {
  const at = (
    tx: bigint | null,
    occurredAt: string,
    id: string,
    name: JobEventName = 'progress',
    attempt = 1,
  ): FeedPosition => ({ tx, occurredAt, attempt, name, id });

  it('orders by transaction (none first), then time, then id', () => {
    const sorted = [
      at(5n, '2026-01-01T00:00:00.000Z', 'b'),
      at(5n, '2026-01-01T00:00:00.000Z', 'a'),
      at(4n, '2026-01-02T00:00:00.000Z', 'z'),
      at(null, '2026-01-03T00:00:00.000Z', 'y'),
    ].sort(compareFeed);
    expect(sorted.map((p) => p.id)).toEqual(['y', 'z', 'a', 'b']);
  });

  it("keeps a job's life in order when one transaction records events of the same millisecond", () => {
    const time = '2026-01-01T00:00:00.000Z';
    const sorted = [
      at(5n, time, 'a', 'succeeded', 2),
      at(5n, time, 'b', 'retrying'),
      at(5n, time, 'c', 'progress'),
      at(5n, time, 'd', 'started'),
      at(5n, time, 'e', 'queued'),
      at(5n, time, 'f', 'started', 2),
    ].sort(compareFeed);
    expect(sorted.map((p) => `${p.name}/${p.attempt}`)).toEqual([
      'queued/1',
      'started/1',
      'progress/1',
      'retrying/1',
      'started/2',
      'succeeded/2',
    ]);
  });
});

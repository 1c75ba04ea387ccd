import type { FeedEvent } from '@jobmill/persistence';
import { OrderedRelease } from './ordered-release';

const event = (
  id: string,
  tx: bigint | null,
  occurredAt = '2026-01-01T00:00:00.000Z',
): FeedEvent => ({
  id,
  jobId: 'j',
  tenant: 't',
  jobType: 'system.ping',
  name: 'progress',
  attempt: 1,
  data: {},
  occurredAt,
  tx,
});

describe('OrderedRelease', () => {
  it('holds events until every older transaction has ended, then releases them in feed order', () => {
    const held = new OrderedRelease(1000);
    held.add([event('late', 12n), event('old', null)], 0);
    expect(held.release(11n, 10).map((e) => e.id)).toEqual(['old']);
    held.add(
      [event('b', 10n, '2026-01-01T00:00:02.000Z'), event('a', 10n, '2026-01-01T00:00:01.000Z')],
      20,
    );
    // Transaction 11 is still open: 12 waits for it; 10 goes.
    expect(held.release(11n, 30).map((e) => e.id)).toEqual(['a', 'b']);
    expect(held.size).toBe(1);
    expect(held.release(13n, 40).map((e) => e.id)).toEqual(['late']);
    expect(held.size).toBe(0);
  });

  it('lets events go once they have waited the longest allowed', () => {
    const held = new OrderedRelease(500);
    held.add([event('y', 21n), event('x', 20n)], 0);
    expect(held.release(5n, 499)).toEqual([]);
    expect(held.release(5n, 500).map((e) => e.id)).toEqual(['x', 'y']);
  });
});

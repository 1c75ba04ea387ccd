import { createEnv } from '@jobmill/platform';
import { readEventStreamConfig } from './event-stream.config';
import { tenantFeedFilter } from './stream-tenant-events.controller';

describe('SSE_* configuration', () => {
  it('has defaults: poll 200 ms, heartbeat 15 s', () => {
    expect(readEventStreamConfig(createEnv({}))).toMatchObject({
      pollMs: 200,
      heartbeatMs: 15_000,
    });
  });

  it.each(['SSE_POLL_MS', 'SSE_HEARTBEAT_MS', 'SSE_ORDER_WAIT_MS', 'SSE_MAX_PENDING_BYTES'])(
    'refuses a bad %s, naming it',
    (name) => {
      expect(() => readEventStreamConfig(createEnv({ [name]: '-5' }))).toThrow(name);
    },
  );
});

describe('the filter of GET /v1/events', () => {
  it('keeps the events that move a job to the status', () => {
    expect(tenantFeedFilter({ status: 'FAILED', type: 'system.ping' })).toEqual({
      jobType: 'system.ping',
      names: ['failed', 'rejected'],
    });
    expect(tenantFeedFilter({})).toEqual({ jobType: null, names: null });
  });

  it.each([{ status: 'DONE' }, { type: 'no.such' }])('refuses %o with INVALID_QUERY', (q) => {
    let error: unknown;
    try {
      tenantFeedFilter(q);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ status: 400, code: 'INVALID_QUERY' });
  });
});

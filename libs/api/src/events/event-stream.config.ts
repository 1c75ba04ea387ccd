import { env, type EnvReader } from '@jobmill/platform';

/** How live event streams (Server-Sent Events) are fed and kept alive. */
export interface EventStreamConfig {
  /** SSE_POLL_MS: how often the API process reads newly committed events (one query for all streams). */
  readonly pollMs: number;
  /** SSE_HEARTBEAT_MS: how often an idle stream gets a comment, so proxies keep it open. */
  readonly heartbeatMs: number;
  /**
   * SSE_ORDER_WAIT_MS: the longest an event waits for older transactions still open elsewhere
   * in the database, so that every stream delivers in one resumable order.
   */
  readonly orderWaitMs: number;
  /** SSE_MAX_PENDING_BYTES: events queued for a client that does not read; past it, it is dropped. */
  readonly maxPendingBytes: number;
}

/** Reads the SSE_* variables. */
export function readEventStreamConfig(vars: EnvReader = env): EventStreamConfig {
  return {
    pollMs: vars.int('SSE_POLL_MS', 200, { min: 10, max: 10_000 }),
    heartbeatMs: vars.int('SSE_HEARTBEAT_MS', 15_000, { min: 100, max: 300_000 }),
    orderWaitMs: vars.int('SSE_ORDER_WAIT_MS', 1000, { min: 0, max: 60_000 }),
    maxPendingBytes: vars.int('SSE_MAX_PENDING_BYTES', 4 * 1024 * 1024, { min: 1024 }),
  };
}

/** Injection token of the EventStreamConfig. */
export const EVENT_STREAM_CONFIG = Symbol('EVENT_STREAM_CONFIG');

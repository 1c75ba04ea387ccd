/** Bounds of the reconnect backoff. */
export interface ReconnectBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: ReconnectBackoff = {
  initialDelayMs: 250,
  maxDelayMs: 15_000,
};

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with equal jitter so
 * that many services restarted together do not hammer the broker in step.
 */
export function reconnectDelay(
  attempt: number,
  backoff: ReconnectBackoff = DEFAULT_RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exp = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

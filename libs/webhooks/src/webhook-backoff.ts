/** Deliveries are retried until this long after the job reached its terminal state. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600 * 1000;

/** No wait between two attempts exceeds this, so a long outage is still retried hourly. */
export const MAX_WEBHOOK_BACKOFF_MS = 3600 * 1000;

/**
 * The wait before attempt `attempt + 1` after `attempt` failed: `baseMs * 2^(attempt-1)`, capped,
 * with jitter (half to all of it) so that receivers coming back are not hit all at once.
 */
export function webhookBackoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const exponential = Math.min(MAX_WEBHOOK_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}

/** When the next attempt is due, or null when it would fall past the retry window. */
export function nextWebhookAttemptAt(
  attempt: number,
  baseMs: number,
  createdAtMs: number,
  nowMs: number,
  random = Math.random,
): number | null {
  const due = nowMs + webhookBackoffMs(attempt, baseMs, random);
  return due > createdAtMs + WEBHOOK_RETRY_WINDOW_MS ? null : due;
}

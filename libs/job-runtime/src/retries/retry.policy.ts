export const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
export const MAX_RETRY_DELAY_MS = 600_000;

/**
 * Delay before the attempt after `attempt` (1-based): exponential from `baseMs`, capped, with
 * equal jitter (half fixed, half random) so retries of a burst of failures spread out.
 */
export function retryDelayMs(
  attempt: number,
  baseMs = DEFAULT_RETRY_BASE_DELAY_MS,
  random: () => number = Math.random,
): number {
  const exp = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

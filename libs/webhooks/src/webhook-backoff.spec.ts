import {
  MAX_WEBHOOK_BACKOFF_MS,
  nextWebhookAttemptAt,
  WEBHOOK_RETRY_WINDOW_MS,
  webhookBackoffMs,
} from './webhook-backoff';

describe('webhook backoff', () => {
  it('doubles from the base, with jitter between half and all of it, capped', () => {
    expect(webhookBackoffMs(1, 1000, () => 0.999999)).toBe(1000);
    expect(webhookBackoffMs(1, 1000, () => 0)).toBe(500);
    expect(webhookBackoffMs(4, 1000, () => 0.999999)).toBe(8000);
    expect(webhookBackoffMs(40, 1000, () => 1 - Number.EPSILON)).toBe(MAX_WEBHOOK_BACKOFF_MS);
  });

  it('stops scheduling once the next attempt would fall past 24 h after the terminal state', () => {
    const created = Date.UTC(2026, 0, 1);
    expect(nextWebhookAttemptAt(1, 1000, created, created, () => 0.999999)).toBe(created + 1000);
    const late = created + WEBHOOK_RETRY_WINDOW_MS - 500;
    expect(nextWebhookAttemptAt(1, 1000, created, late, () => 0.999999)).toBeNull();
  });
});

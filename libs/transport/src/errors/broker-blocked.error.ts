/**
 * The broker blocks publishing (a memory or disk alarm) and this publisher does not wait for it.
 * `sent` false: refused before anything was written, safe to retry later. `sent` true: written
 * just before the block, so the broker reads it once the block lifts and may still route it:
 * whoever published must treat it as sent, not as failed.
 */
export class BrokerBlockedError extends Error {
  override readonly name = 'BrokerBlockedError';
  readonly code = 'BROKER_BLOCKED';
  readonly retryable = true;

  constructor(
    readonly reason: string,
    readonly sent = false,
  ) {
    super(
      sent
        ? `The broker blocked publishing (${reason}) after this message was sent; it is read once the block lifts.`
        : `The broker blocks publishing (${reason}); nothing was sent.`,
    );
  }
}

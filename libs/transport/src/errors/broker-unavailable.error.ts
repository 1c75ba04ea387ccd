/** No connection to the broker, or no confirm within the publish timeout: safe to retry later. */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
  readonly code = 'BROKER_UNAVAILABLE';
  readonly retryable = true;

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
  }
}

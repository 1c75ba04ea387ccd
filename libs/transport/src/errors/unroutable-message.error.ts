/** The broker returned a mandatory publish: no queue is bound for its routing key. */
export class UnroutableMessageError extends Error {
  override readonly name = 'UnroutableMessageError';
  readonly code = 'UNROUTABLE';
  readonly retryable = false;

  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly replyText = 'NO_ROUTE',
  ) {
    super(`No queue is bound to '${exchange}' for routing key '${routingKey}' (${replyText}).`);
  }
}

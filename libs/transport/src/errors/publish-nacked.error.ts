/** The broker refused a publish with basic.nack (internal error or queue overflow). */
export class PublishNackedError extends Error {
  override readonly name = 'PublishNackedError';
  readonly code = 'PUBLISH_NACKED';
  readonly retryable = true;

  constructor(
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(`The broker nacked a publish to '${exchange}' with routing key '${routingKey}'.`);
  }
}

/** A channel-level refusal, with the AMQP reply code RabbitMQ would send (404, 406, ...). */
export class InProcessBrokerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'InProcessBrokerError';
  }
}

export const notFound = (what: string): InProcessBrokerError =>
  new InProcessBrokerError(404, `NOT_FOUND - no ${what}`);

export const preconditionFailed = (why: string): InProcessBrokerError =>
  new InProcessBrokerError(406, `PRECONDITION_FAILED - ${why}`);

import type { ConsumeMessage } from 'amqplib';
import type { AckWindow } from './ack.window';
import { describeError, type TransportLogger } from '../connection/transport.logger';
import type { ConfirmPublisher } from '../publishing/confirm.publisher';
import type { HandlerOutcome } from './consumer.types';
import { deadLetterCopy } from './dead-letter-copy.mapper';

/** Applies a handler's outcome to a delivery on the channel it came from. */
export class Settler {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly deadLetterExchange: string,
    private readonly queue: string,
    private readonly logger: TransportLogger,
  ) {}

  async settle(acks: AckWindow, message: ConsumeMessage, outcome: HandlerOutcome): Promise<void> {
    if (outcome.kind === 'ack') return acks.ack(message);
    if (outcome.kind === 'requeue') return acks.reject(message, true);
    try {
      // Ack only after the copy is confirmed: a crash in between leaves a duplicate, not a loss.
      const target = { exchange: this.deadLetterExchange, queue: this.queue };
      await this.publisher.publish(deadLetterCopy(message, target, outcome));
      this.logger.warn(
        `Dead-lettered ${String(message.properties.messageId)} from ${this.queue}: ${outcome.code} ${outcome.reason}`,
      );
      acks.ack(message);
    } catch (error) {
      this.logger.error(`Cannot dead-letter a message of ${this.queue}: ${describeError(error)}`);
      acks.reject(message, true);
    }
  }
}

import type { Message } from 'amqplib';
import type { BrokerChannel } from '../connection/broker-connection.port';
import { quietly } from './quietly.util';

/**
 * Settles one channel's deliveries, coalescing acks: settled messages at the head of the
 * delivery order are acknowledged with one `ack(multiple)` per tick, the rest one by one, so a
 * slow message never holds back the acks of the ones after it.
 */
export class AckWindow {
  /** Unsettled delivery tags in delivery order (Map keeps insertion order): acked yet? */
  private readonly outstanding = new Map<number, boolean>();
  /** Acked messages whose ack frame is not sent yet. */
  private readonly pendingAcks = new Map<number, Message>();
  private scheduled = false;

  constructor(private readonly channel: BrokerChannel) {}

  /** Records a delivery; call before handing it to a handler. */
  delivered(message: Message): void {
    this.outstanding.set(message.fields.deliveryTag, false);
  }

  /** Acknowledges a message (at the end of this tick, possibly together with others). */
  ack(message: Message): void {
    const tag = message.fields.deliveryTag;
    if (!this.outstanding.has(tag)) return;
    this.outstanding.set(tag, true);
    this.pendingAcks.set(tag, message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Rejects a message at once: requeued, it counts as a failed delivery towards the quorum
   * queue's delivery limit. basic.reject, not basic.nack: from RabbitMQ 4.3 a nack returns the
   * message without counting it, and a message that always fails would loop forever.
   */
  reject(message: Message, requeue: boolean): void {
    this.outstanding.delete(message.fields.deliveryTag);
    quietly(() => this.channel.reject(message, requeue));
  }

  /** Sends the pending acks now (before the channel closes). */
  flush(): void {
    this.scheduled = false;
    let last: Message | undefined;
    // The longest fully acked prefix goes in one frame.
    for (const [tag, acked] of this.outstanding) {
      if (!acked) break;
      this.outstanding.delete(tag);
      last = this.pendingAcks.get(tag) ?? last;
      this.pendingAcks.delete(tag);
    }
    if (last) {
      const head = last;
      quietly(() => this.channel.ack(head, true));
    }
    for (const [tag, message] of this.pendingAcks) {
      this.outstanding.delete(tag);
      quietly(() => this.channel.ack(message));
    }
    this.pendingAcks.clear();
  }
}

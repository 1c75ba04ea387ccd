import { execFileSync } from 'node:child_process';
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { CLOUDEVENTS_CONTENT_TYPE, isBatchContentType, parseEnvelopes } from '@jobmill/contracts';
import { AMQP_URL } from './test-environment';

/** A message as it was routed: enough to publish it again, byte for byte. */
export interface TappedMessage {
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: ConsumeMessage['properties'];
}

/**
 * A test's own view of the broker: exclusive queues that copy what goes through an exchange,
 * and a confirm channel to publish copies again (duplicates, replays). Exclusive queues vanish
 * with the connection, so `close` leaves nothing behind.
 */
export class AmqpTap {
  private constructor(
    private readonly connection: ChannelModel,
    readonly channel: ConfirmChannel,
  ) {}

  static async open(url = AMQP_URL): Promise<AmqpTap> {
    const connection = await amqp.connect(url);
    const channel = await connection.createConfirmChannel();
    return new AmqpTap(connection, channel);
  }

  /**
   * Starts copying every message routed through `exchange` from now on. A CloudEvents batch is
   * copied as its members, each as if published alone, so tests count and replay envelopes.
   */
  async tap(exchange: string, pattern = '#'): Promise<TappedMessage[]> {
    const { queue } = await this.channel.assertQueue('', { exclusive: true, durable: false });
    await this.channel.bindQueue(queue, exchange, pattern);
    const seen: TappedMessage[] = [];
    await this.channel.consume(
      queue,
      (m) => {
        if (m) seen.push(...envelopesOf({ exchange, routingKey: m.fields.routingKey, ...m }));
      },
      { noAck: true },
    );
    return seen;
  }

  /** Publishes copies (same body, id and properties) and waits for the broker's confirms. */
  async republish(messages: readonly TappedMessage[]): Promise<void> {
    for (const m of messages) {
      // amqplib types these properties as any: name the ones worth copying.
      const p = m.properties as {
        headers?: Record<string, unknown>;
        messageId?: string;
        correlationId?: string;
        type?: string;
        contentType?: string;
        timestamp?: number;
        appId?: string;
        userId?: string;
      };
      this.channel.publish(m.exchange, m.routingKey, m.content, {
        persistent: true,
        headers: p.headers,
        messageId: p.messageId,
        correlationId: p.correlationId,
        type: p.type,
        contentType: p.contentType,
        timestamp: p.timestamp,
        appId: p.appId,
        // The platform authorizes commands by user_id; RabbitMQ checks it is ours (guest).
        userId: p.userId,
      });
    }
    await this.channel.waitForConfirms();
  }

  /** Messages ready plus unacknowledged in a queue (0 once everything is settled). */
  async backlog(queue: string): Promise<number> {
    const { messageCount } = await this.channel.checkQueue(queue);
    return messageCount;
  }

  /**
   * Messages a queue holds, ready or delivered and not yet acked (the broker's own count, from
   * rabbitmqctl: AMQP tells only the ready ones). A consumer holding a batch it cannot settle
   * keeps it here, whether it is one message of many commands or many of one each.
   */
  held(queue: string): number {
    const rows = execFileSync('rabbitmqctl', ['-q', 'list_queues', 'name', 'messages'], {
      encoding: 'utf8',
    });
    const row = rows.split('\n').find((line) => line.split('\t')[0] === queue);
    return Number(row?.split('\t')[1] ?? 0);
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

/** A tapped message as the envelopes it carries: itself, or each member of a batch. */
function envelopesOf(
  m: Pick<ConsumeMessage, 'content' | 'properties'> & { exchange: string; routingKey: string },
): TappedMessage[] {
  const { exchange, routingKey, content, properties } = m;
  if (!isBatchContentType(properties.contentType as string | undefined))
    return [{ exchange, routingKey, content, properties }];
  return parseEnvelopes<{ id: string }>(content, properties.contentType as string).map(
    (member) => ({
      exchange,
      routingKey,
      content: Buffer.from(JSON.stringify(member)),
      properties: { ...properties, contentType: CLOUDEVENTS_CONTENT_TYPE, messageId: member.id },
    }),
  );
}

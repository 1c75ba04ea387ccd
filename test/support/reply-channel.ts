import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { AMQP_URL } from './test-environment';

/** What a request/reply client of the platform holds: a confirm channel and its replies. */
export interface ReplyChannel {
  /** Open between beforeAll and afterAll. */
  channel?: ConfirmChannel;
  /** Every reply received on direct reply-to, in order. */
  readonly replies: ConsumeMessage[];
}

/**
 * Registers beforeAll/afterAll that open a confirm channel on AMQP_URL consuming direct
 * reply-to (so commands published on it may ask for replies there), and close it.
 */
export function useReplyChannel(): ReplyChannel {
  const live: ReplyChannel & { model?: ChannelModel } = { replies: [] };
  beforeAll(async () => {
    live.model = await amqp.connect(AMQP_URL);
    live.channel = await live.model.createConfirmChannel();
    await live.channel.consume('amq.rabbitmq.reply-to', (m) => void (m && live.replies.push(m)), {
      noAck: true,
    });
  });
  afterAll(async () => {
    await live.model?.close().catch(() => undefined);
  });
  return live;
}

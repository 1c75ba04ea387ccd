import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';

const escape = (name: string): string => name.replace(/[.-]/g, (c) => `\\${c}`);

/**
 * Another system on the same RabbitMQ: its own AMQP user (created with rabbitmqctl, deleted
 * afterwards) that may write the commands exchange and read events into its own queues only.
 */
export class AmqpPartner {
  readonly replies: ConsumeMessage[] = [];
  readonly events: ConsumeMessage[] = [];
  private model?: ChannelModel;
  private channel?: ConfirmChannel;
  /** Direct reply-to: besides the tenant's own queues, the one reply address jobmill accepts. */
  private readonly replyQueue = 'amq.rabbitmq.reply-to';

  private constructor(
    readonly user: string,
    private readonly password: string,
    private readonly prefix: string,
  ) {}

  /** A fresh user name, unique per run. */
  static newUserName(): string {
    return `jm-partner-${randomUUID().slice(0, 8)}`;
  }

  /** Creates the user with the permissions a partner gets (see the AsyncAPI guide). */
  static create(prefix: string, user = AmqpPartner.newUserName()): AmqpPartner {
    const partner = new AmqpPartner(user, randomUUID(), prefix);
    const ctl = (...args: string[]) => execFileSync('rabbitmqctl', ['-q', ...args]);
    ctl('add_user', user, partner.password);
    const own = '^amq\\.gen-.*';
    const commands = `^${escape(prefix)}jobs\\.commands$`;
    const events = `^${escape(prefix)}jobs\\.events$`;
    ctl('set_permissions', '-p', '/', user, own, `(${own})|(${commands})`, `(${own})|(${events})`);
    return partner;
  }

  /** `url` with the user's credentials. */
  urlFor(url: string): string {
    const target = new URL(url);
    target.username = this.user;
    target.password = this.password;
    return target.toString();
  }

  /** Connects as the user, with a reply queue and a queue bound to the events by `pattern`. */
  async connect(url: string, pattern: string): Promise<void> {
    this.model = await amqp.connect(this.urlFor(url));
    this.channel = await this.model.createConfirmChannel();
    const ch = this.channel;
    await ch.consume(this.replyQueue, (m) => void (m && this.replies.push(m)), { noAck: true });
    const events = (await ch.assertQueue('', { exclusive: true })).queue;
    await ch.bindQueue(events, `${this.prefix}jobs.events`, pattern);
    await ch.consume(events, (m) => void (m && this.events.push(m)), { noAck: true });
  }

  /** Publishes a command as the user (user_id set), asking for a reply; waits for the confirm. */
  async publish(body: object, jobType: string, correlationId: string): Promise<void> {
    const ch = this.channel;
    if (!ch) throw new Error('not connected');
    ch.publish(`${this.prefix}jobs.commands`, jobType, Buffer.from(JSON.stringify(body)), {
      persistent: true,
      mandatory: true,
      contentType: 'application/cloudevents+json',
      userId: this.user,
      replyTo: this.replyQueue,
      correlationId,
      messageId: (body as { id?: string }).id,
    });
    await ch.waitForConfirms();
  }

  /** Closes the connection and deletes the user. */
  async dispose(): Promise<void> {
    await this.model?.close().catch(() => undefined);
    execFileSync('rabbitmqctl', ['-q', 'delete_user', this.user]);
  }
}

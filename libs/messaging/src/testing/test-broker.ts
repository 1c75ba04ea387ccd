import { randomUUID } from 'node:crypto';
import {
  connect,
  type Channel,
  type ChannelModel,
  type ConsumeMessage,
  type GetMessage,
} from 'amqplib';
import { topologyNames, type TopologyNames } from '@jobmill/contracts';
import type { MessagingLogger } from '../connection/messaging-logger';
import { DELAY_STAGES, delayQueueName } from '../topology/delay-stages';

/** The broker the integration tests and the benchmark use. */
export const TEST_AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A unique name prefix per test run, so runs never see each other's messages. */
export const uniquePrefix = (): string => `t-${randomUUID().slice(0, 8)}.`;

/** Resolves when `check` holds, polling; rejects with `what` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A plain amqplib connection for test set-up and assertions, and the clean-up of a prefix. */
export class TestBroker {
  readonly names: TopologyNames;
  private readonly extraQueues = new Set<string>();

  private constructor(
    readonly prefix: string,
    readonly model: ChannelModel,
    readonly channel: Channel,
  ) {
    this.names = topologyNames(prefix);
  }

  static async open(prefix = uniquePrefix()): Promise<TestBroker> {
    const model = await connect(TEST_AMQP_URL);
    const channel = await model.createChannel();
    return new TestBroker(prefix, model, channel);
  }

  /** A durable queue deleted by `cleanUp` (exclusive queues would die with a channel error). */
  async queue(suffix: string, args: Record<string, unknown> = {}): Promise<string> {
    const name = `${this.prefix}${suffix}`;
    await this.channel.assertQueue(name, { durable: true, arguments: args });
    this.extraQueues.add(name);
    return name;
  }

  /** A queue bound to `exchange` whose messages are collected into the returned array. */
  async probe(exchange: string, pattern = '#'): Promise<ConsumeMessage[]> {
    const name = await this.queue(`probe-${randomUUID().slice(0, 6)}`, {
      'x-queue-type': 'quorum',
    });
    await this.channel.bindQueue(name, exchange, pattern);
    const received: ConsumeMessage[] = [];
    await this.channel.consume(name, (m) => void (m && received.push(m)), { noAck: true });
    return received;
  }

  /** Waits for a message on a queue (basic.get polling). */
  async getOne(queue: string, timeoutMs = 5_000): Promise<GetMessage> {
    let got: GetMessage | false = false;
    await waitFor(
      async () => (got = await this.channel.get(queue, { noAck: true })) !== false,
      `a message on ${queue}`,
      timeoutMs,
    );
    return got as unknown as GetMessage;
  }

  /** Ready messages of a queue. */
  async depth(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Deletes every queue and exchange of the prefix, then closes. */
  async cleanUp(): Promise<void> {
    const ch = await this.model.createChannel();
    ch.on('error', () => undefined);
    const n = this.names;
    const queues = [
      n.deadLetterQueue,
      n.detectionQueue,
      n.processingQueue,
      n.statusQueue,
      ...this.extraQueues,
    ];
    for (const q of [n.detectionQueue, n.processingQueue])
      for (const stage of DELAY_STAGES) queues.push(delayQueueName(q, stage));
    for (const q of queues) await ch.deleteQueue(q);
    for (const e of [n.commands, n.events, n.control, n.deadLetter]) await ch.deleteExchange(e);
    await this.model.close();
  }
}

/** A logger that keeps test output readable; warnings and errors are kept for assertions. */
export const recordingLogger = (): MessagingLogger & { readonly lines: string[] } => {
  const lines: string[] = [];
  return {
    lines,
    log: () => undefined,
    warn: (message) => void lines.push(`WARN ${message}`),
    error: (message) => void lines.push(`ERROR ${message}`),
  };
};
